/** Pages the ACS shows: signed in without a console to return to, and a connection test's result. */
import { html, type HTML } from '../../html/html.ts'
import { page } from '../../html/layout.ts'
import type { TestResult } from '../../../saml/test-result.ts'

export function signedInPage(): string {
  return page(
    'Signed in',
    html`<h1>You are signed in</h1><p>Open your application; it will use this sign-in.</p>`,
  )
}

export function testResultPage(result: TestResult, profileId: string): string {
  const rows = (entries: [string, string | null | undefined][]): HTML =>
    html`<dl>${entries.map(([k, v]) => html`<dt>${k}</dt><dd class="identity">${v ?? '—'}</dd>`)}</dl>`
  return page(
    'Connection test',
    html`<h1>Connection test ${result.passed ? 'passed' : 'failed'}</h1>
${result.passed ? html`<p>The identity provider signed in <span class="identity">${result.email ?? ''}</span>. No session was created.</p>` : html`<p>No session was created. Fix what is listed below and test again.</p>`}
${rows([
  ['NameID', result.nameId],
  ['Issuer', result.issuer],
  ['Signature', result.signature ? JSON.stringify(result.signature) : null],
])}
${result.failures.length > 0 ? html`<div class="error" role="alert"><ul>${result.failures.map((f) => html`<li><span class="code">${f.code}</span> (${f.check})${f.detail ? html`: ${f.detail}` : ''}</li>`)}</ul></div>` : ''}
<h2>Attributes</h2>
${rows(Object.entries(result.attributes).map(([k, v]) => [k, v.join(', ')]))}
<p><a href="/admin/sso/${encodeURIComponent(profileId)}">Back to the SSO profile in the Admin Center</a></p>`,
  )
}

/** Before a connection test started with an API token leaves for the IdP: where it goes, and a button. */
export function testConfirmPage(
  action: string,
  profileName: string,
  destination: string,
  ticket: string,
  csrfToken: string,
): string {
  return page(
    'Test the connection',
    html`<h1>Test the single sign-on connection</h1>
<p>This tests <span class="identity">${profileName}</span>. You will be sent to
<span class="identity">${destination}</span> to sign in; no session is created here.</p>
<p>Continue only if you started this test.</p>
<form method="post" action="${action}">
<input type="hidden" name="ticket" value="${ticket}" />
<input type="hidden" name="csrf" value="${csrfToken}" />
<button type="submit">Continue to ${destination}</button>
</form>`,
  )
}
