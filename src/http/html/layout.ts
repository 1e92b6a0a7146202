/** The page shell of every server-rendered page, and the Content-Security-Policy that goes with it. */
import { html, type HTML } from './html.ts'

export const STYLESHEET_PATH = '/assets/portcullis.css'

export function page(title: string, body: HTML, head: HTML = html``): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} · Portcullis</title>
        <link rel="stylesheet" href="${STYLESHEET_PATH}" />
        ${head}
      </head>
      <body>
        <main class="card">${body}</main>
      </body>
    </html> `.value
}

/**
 * No script at all; forms post to us and, after a login, redirect to the client, which CSP's
 * form-action also governs, so the client's origin is allowed there (and only it).
 */
export function contentSecurityPolicy(formTargets: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    `form-action 'self'${formTargets.map((t) => ` ${t}`).join('')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ')
}
