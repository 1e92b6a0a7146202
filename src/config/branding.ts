/**
 * The operator's branding of the sign-in pages: product name, logo, accent colour, support contact, and
 * where "back to the application" leads when no client says. Validated at start like every option: a
 * logo must be a small PNG, JPEG, WebP or SVG file (recognised by its bytes, not its name); the accent
 * colour must keep white button text readable (WCAG AA contrast, 4.5:1).
 */
import { isLoopbackHost } from '../platform/hosts.ts'

export interface Branding {
  readonly productName: string
  /** `#rrggbb`. */
  readonly accentColor: string
  readonly logo: { readonly bytes: Buffer; readonly contentType: string } | undefined
  readonly supportContact: { readonly text: string; readonly href: string } | undefined
  /** Where pages link back to when no client's initiate-login URI is known. */
  readonly consoleUrl: string | undefined
}

export interface BrandingInput {
  readonly productName: string
  readonly accentColor: string
  readonly logoFile: string | undefined
  readonly supportContact: string | undefined
  readonly consoleUrl: string | undefined
}

export const MAX_LOGO_BYTES = 256 * 1024

export function parseBranding(
  input: BrandingInput,
  readBytes: (path: string) => Buffer,
  problems: string[],
): Branding {
  return {
    productName: productName(input.productName, problems),
    accentColor: accentColor(input.accentColor, problems),
    logo: input.logoFile === undefined ? undefined : logo(input.logoFile, readBytes, problems),
    supportContact:
      input.supportContact === undefined
        ? undefined
        : supportContact(input.supportContact, problems),
    consoleUrl: input.consoleUrl === undefined ? undefined : consoleUrl(input.consoleUrl, problems),
  }
}

function productName(value: string, problems: string[]): string {
  // eslint-style note: control characters would end up in titles and alt text.
  // eslint-disable-next-line no-control-regex
  if (value.length > 60 || /[\u0000-\u001f\u007f-\u009f]/.test(value)) {
    problems.push('PRODUCT_NAME: at most 60 characters, no control characters')
    return 'Portcullis'
  }
  return value
}

/** WCAG 2 relative luminance of an sRGB colour `#rrggbb`. */
function luminance(hex: string): number {
  const channel = (i: number): number => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/** Contrast ratio of white text on `hex`. */
export function whiteContrast(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05)
}

function accentColor(value: string, problems: string[]): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(value)) {
    problems.push(`BRAND_ACCENT_COLOR: a colour as #rrggbb (got "${value}")`)
    return '#1f4fd1'
  }
  const contrast = whiteContrast(value)
  if (contrast < 4.5) {
    problems.push(
      `BRAND_ACCENT_COLOR: white button text on ${value} has a contrast of ${contrast.toFixed(2)}:1; choose a darker colour (at least 4.5:1)`,
    )
    return '#1f4fd1'
  }
  return value.toLowerCase()
}

function sniffImage(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png'
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp'
  const head = bytes.subarray(0, 1024).toString('utf8').trimStart()
  if ((head.startsWith('<?xml') || head.startsWith('<svg')) && head.includes('<svg'))
    return 'image/svg+xml'
  return undefined
}

function logo(
  path: string,
  readBytes: (path: string) => Buffer,
  problems: string[],
): Branding['logo'] {
  let bytes: Buffer
  try {
    bytes = readBytes(path)
  } catch (error) {
    problems.push(`BRAND_LOGO_FILE: cannot read "${path}": ${(error as Error).message}`)
    return undefined
  }
  if (bytes.length > MAX_LOGO_BYTES) {
    problems.push(
      `BRAND_LOGO_FILE: at most ${MAX_LOGO_BYTES / 1024} KiB (got ${bytes.length} bytes)`,
    )
    return undefined
  }
  const contentType = sniffImage(bytes)
  if (contentType === undefined) {
    problems.push(`BRAND_LOGO_FILE: "${path}" is not a PNG, JPEG, WebP or SVG image`)
    return undefined
  }
  return { bytes, contentType }
}

function supportContact(value: string, problems: string[]): Branding['supportContact'] {
  if (/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(value) && value.length <= 254) {
    return { text: value, href: `mailto:${value}` }
  }
  try {
    const url = new URL(value)
    if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      return { text: url.host + (url.pathname === '/' ? '' : url.pathname), href: url.href }
    }
  } catch {
    // reported below
  }
  problems.push(`SUPPORT_CONTACT: an email address or an https:// URL (got "${value}")`)
  return undefined
}

function consoleUrl(value: string, problems: string[]): string | undefined {
  try {
    const url = new URL(value)
    if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      return url.href
    }
  } catch {
    // reported below
  }
  problems.push(`CONSOLE_URL: an https:// URL (got "${value}")`)
  return undefined
}
