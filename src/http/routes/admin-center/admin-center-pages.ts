/** The few server-rendered pages around the Admin Center app. */
import { html } from '../../html/html.ts'
import { page, type PageFrame } from '../../html/layout.ts'

export function noAccessPage(frame: PageFrame, email: string): string {
  const { t } = frame
  return page(
    frame,
    t.text('admin.no_access_title'),
    html`<h1>${t.text('admin.no_access_title')}</h1>
      <p>${t.markup('admin.no_access_text', { email: html`<span class="identity">${email}</span>` })}</p>
      <p>
        <a class="action" href="/oauth2/logout?client_id=portcullis-admin-center"
          >${t.text('logout.submit')}</a
        >
      </p>`,
  )
}

export function notBuiltPage(frame: PageFrame): string {
  const { t } = frame
  return page(
    frame,
    t.text('admin.not_built_title'),
    html`<h1>${t.text('admin.not_built_title')}</h1>
      <p>${t.markup('admin.not_built_text', { command: html`<code>npm run build:admin</code>` })}</p>`,
  )
}

export function signedOutPage(frame: PageFrame): string {
  const { t } = frame
  return page(
    frame,
    t.text('logout.done_title'),
    html`<h1>${t.text('logout.done_heading')}</h1>
      <p><a class="action" href="/admin">${t.text('admin.sign_in_again')}</a></p>`,
  )
}
