/** The operator's branding options: validated at start, each problem named, the logo recognised by its bytes. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { whiteContrast } from '../../../src/config/branding.ts'
import { ConfigError, loadConfig } from '../../../src/config/load.ts'

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(32),
])
const FILES: Record<string, Buffer> = {
  '/logo.png': PNG,
  '/logo.svg': Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'),
  '/logo.txt': Buffer.from('hello'),
  '/huge.png': Buffer.concat([PNG, Buffer.alloc(300 * 1024)]),
}
const readBytes = (path: string): Buffer => {
  const bytes = FILES[path]
  if (bytes === undefined) throw new Error('ENOENT: no such file')
  return bytes
}
const load = (env: Record<string, string>) => loadConfig(env, () => '', readBytes).config.branding

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, () => '', readBytes)
  } catch (error) {
    assert.ok(error instanceof ConfigError)
    return [...error.problems]
  }
  return []
}

describe('config: branding', () => {
  it('defaults to Portcullis, its blue, no logo, no contact, no console URL', () => {
    assert.deepEqual(load({}), {
      productName: 'Portcullis',
      accentColor: '#1f4fd1',
      logo: undefined,
      supportContact: undefined,
      consoleUrl: undefined,
    })
  })

  it('takes a product name, accent colour, contact and console URL', () => {
    const branding = load({
      PRODUCT_NAME: 'Acme Cloud',
      BRAND_ACCENT_COLOR: '#0B6E4F',
      SUPPORT_CONTACT: 'https://help.acme.test/sign-in',
      CONSOLE_URL: 'https://console.acme.test/login',
    })
    assert.equal(branding.productName, 'Acme Cloud')
    assert.equal(branding.accentColor, '#0b6e4f')
    assert.deepEqual(branding.supportContact, {
      text: 'help.acme.test/sign-in',
      href: 'https://help.acme.test/sign-in',
    })
    assert.equal(branding.consoleUrl, 'https://console.acme.test/login')
    assert.deepEqual(load({ SUPPORT_CONTACT: 'help@acme.test' }).supportContact, {
      text: 'help@acme.test',
      href: 'mailto:help@acme.test',
    })
  })

  it('recognises PNG and SVG logos by their bytes, whatever the name', () => {
    assert.equal(load({ BRAND_LOGO_FILE: '/logo.png' }).logo?.contentType, 'image/png')
    assert.equal(load({ BRAND_LOGO_FILE: '/logo.svg' }).logo?.contentType, 'image/svg+xml')
  })

  it('refuses what would make the pages unreadable or unsafe, naming each option', () => {
    const problems = problemsOf({
      PRODUCT_NAME: 'Acme\u0007',
      BRAND_ACCENT_COLOR: '#ffff00',
      BRAND_LOGO_FILE: '/logo.txt',
      SUPPORT_CONTACT: 'javascript:alert(1)',
      CONSOLE_URL: 'http://console.acme.test/',
    })
    assert.equal(problems.length, 5, problems.join('\n'))
    assert.match(problems.join('\n'), /PRODUCT_NAME/)
    assert.match(
      problems.join('\n'),
      /BRAND_ACCENT_COLOR: white button text on #ffff00 has a contrast of 1\.07:1/,
    )
    assert.match(
      problems.join('\n'),
      /BRAND_LOGO_FILE: "\/logo\.txt" is not a PNG, JPEG, WebP or SVG/,
    )
    assert.match(problems.join('\n'), /SUPPORT_CONTACT/)
    assert.match(problems.join('\n'), /CONSOLE_URL/)
    assert.match(problemsOf({ BRAND_LOGO_FILE: '/huge.png' }).join(), /at most 256 KiB/)
    assert.match(problemsOf({ BRAND_LOGO_FILE: '/missing.png' }).join(), /cannot read/)
    assert.match(problemsOf({ BRAND_ACCENT_COLOR: 'blue' }).join(), /#rrggbb/)
  })

  it('measures contrast as WCAG does', () => {
    assert.equal(whiteContrast('#000000').toFixed(1), '21.0')
    assert.equal(whiteContrast('#ffffff').toFixed(1), '1.0')
    assert.ok(whiteContrast('#1f4fd1') >= 4.5)
  })
})
