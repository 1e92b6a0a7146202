/** The few server-rendered pages around the Admin Center app. */
import { html } from '../../html/html.ts'
import { page } from '../../html/layout.ts'

export function noAccessPage(email: string): string {
  return page(
    'No access to the Admin Center',
    html`<h1>No access to the Admin Center</h1>
      <p>
        You are signed in as <span class="identity">${email}</span>. The Admin Center is for your
        organization's administrators; ask one of them if you need to change something.
      </p>
      <p><a href="/oauth2/logout?client_id=portcullis-admin-center">Sign out</a></p>`,
  )
}

export function notBuiltPage(): string {
  return page(
    'Admin Center not built',
    html`<h1>The Admin Center is not built</h1>
      <p>The operator needs to run <code>npm run build:admin</code> (it runs at <code>npm ci</code>).</p>`,
  )
}

export function signedOutPage(): string {
  return page(
    'Signed out',
    html`<h1>You are signed out</h1>
      <p><a href="/admin">Sign in to the Admin Center again</a></p>`,
  )
}
