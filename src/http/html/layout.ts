/**
 * The page frame of every server-rendered page — the operator's brand, what the user is signing in to,
 * the way back to the application — and the Content-Security-Policy that goes with it.
 */
import type { Branding } from '../../config/branding.ts'
import type { SignInContext } from '../../services/sign-in/sign-in-context.ts'
import type { Translator } from '../i18n/messages.ts'
import { html, type HTML } from './html.ts'

export const STYLESHEET_PATH = '/assets/portcullis.css'
export const LOGO_PATH = '/assets/logo'

/** What every page needs besides its own content: the language, the brand and the context. */
export interface PageFrame {
  readonly t: Translator
  readonly brand: Pick<Branding, 'productName' | 'logo' | 'supportContact'>
  readonly context: SignInContext
}

export interface PageOptions {
  readonly head?: HTML
  /** A link back to the application (pages that end a flow or cannot go on). */
  readonly back?: boolean
  /** The operator's support contact (error pages). */
  readonly support?: boolean
  /** A wider card (the account page's tables). */
  readonly wide?: boolean
}

export function page(
  frame: PageFrame,
  title: string,
  body: HTML,
  options: PageOptions = {},
): string {
  const { t, brand, context } = frame
  const back = options.back === true ? backLink(frame) : html``
  const support =
    options.support === true && brand.supportContact !== undefined
      ? html`<p class="hint">
          ${t.markup('frame.support', {
            contact: html`<a class="action" href="${brand.supportContact.href}"
              >${brand.supportContact.text}</a
            >`,
          })}
        </p>`
      : html``
  return html`<!doctype html>
    <html lang="${t.locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} \u00b7 ${brand.productName}</title>
        <link rel="stylesheet" href="${STYLESHEET_PATH}" />
        ${options.head ?? ''}
      </head>
      <body>
        <main class="${options.wide === true ? 'card wide' : 'card'}">
          <header class="brand">
            ${
              brand.logo === undefined
                ? html`<p class="product">${brand.productName}</p>`
                : html`<img src="${LOGO_PATH}" alt="${t.text('frame.logo', { product: brand.productName })}" />`
            }
            ${
              context.appName === undefined
                ? ''
                : html`<p class="context">${t.text('frame.sign_in_to', { app: context.appName })}</p>`
            }
            ${
              context.orgName === undefined
                ? ''
                : html`<p class="context">${t.text('frame.organization', { org: context.orgName })}</p>`
            }
          </header>
          ${body} ${support} ${back}
        </main>
      </body>
    </html> `.value
}

function backLink({ t, context }: PageFrame): HTML {
  if (context.backUrl === undefined) return html``
  const label =
    context.appName === undefined
      ? t.text('frame.back_generic')
      : t.text('frame.back', { app: context.appName })
  return html`<p><a class="action" href="${context.backUrl}">${label}</a></p>`
}

/**
 * No script at all; forms post to us and, after a login, redirect to the client, which CSP's
 * form-action also governs, so the client's origin is allowed there (and only it).
 */
export function contentSecurityPolicy(
  formTargets: readonly string[] = [],
  passkeys = false,
): string {
  return [
    "default-src 'none'",
    "style-src 'self'",
    // Pages that offer passkeys load our one script and ask our server for WebAuthn options.
    ...(passkeys ? ["script-src 'self'", "connect-src 'self'"] : []),
    "img-src 'self'",
    `form-action 'self'${formTargets.map((t) => ` ${t}`).join('')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ')
}
