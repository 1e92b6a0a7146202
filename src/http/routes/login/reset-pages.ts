/** The forgotten-password pages: ask for a link, the answer (the same for every address), set a password. */
import type { LoginPageError } from '../../errors/login-page.ts'
import { html } from '../../html/html.ts'
import { page, type PageFrame } from '../../html/layout.ts'
import type { Translator } from '../../i18n/messages.ts'
import { errorBlock } from './pages.ts'

export function forgotPage(
  frame: PageFrame,
  csrfToken: string,
  email: string | null,
  transactionId: string | null,
  error?: LoginPageError,
): string {
  const { t } = frame
  return page(
    frame,
    t.text('forgot.title'),
    html`<h1>${t.text('forgot.title')}</h1>
      <p>${t.text('forgot.text')}</p>
      ${errorBlock(t, error)}
      <form method="post" action="/login/forgot" novalidate>
        <input type="hidden" name="csrf" value="${csrfToken}" />
        <input type="hidden" name="tx" value="${transactionId ?? ''}" />
        <label for="email">${t.text('email.label')}</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="username"
          required
          autofocus
          value="${email ?? ''}"
          ${error ? html`aria-invalid="true" aria-describedby="form-error"` : ''}
        />
        <button type="submit">${t.text('forgot.submit')}</button>
      </form>
      ${backToSignIn(t, transactionId)}`,
    { support: error !== undefined },
  )
}

export function forgotSentPage(frame: PageFrame, transactionId: string | null): string {
  const { t } = frame
  return page(
    frame,
    t.text('forgot.sent_title'),
    html`<h1>${t.text('forgot.sent_title')}</h1>
      <p>${t.text('forgot.sent_text')}</p>
      ${backToSignIn(t, transactionId)}`,
    { back: transactionId === null },
  )
}

function backToSignIn(t: Translator, transactionId: string | null) {
  return transactionId === null
    ? html``
    : html`<p>
        <a class="action" href="/login?tx=${encodeURIComponent(transactionId)}"
          >${t.text('forgot.back')}</a
        >
      </p>`
}
