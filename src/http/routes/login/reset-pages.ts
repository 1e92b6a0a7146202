/** The forgotten-password pages: ask for a link, the answer (the same for every address), set a password. */
import type { LoginPageError } from '../../errors/login-page.ts'
import { html } from '../../html/html.ts'
import { page } from '../../html/layout.ts'
import { errorBlock, newPasswordForm } from './pages.ts'

export function forgotPage(
  csrfToken: string,
  email: string | null,
  transactionId: string | null,
  error?: LoginPageError,
): string {
  return page(
    'Reset your password',
    html`<h1>Reset your password</h1>
      <p>Enter your email address and we will send you a link to choose a new password.</p>
      ${errorBlock(error)}
      <form method="post" action="/login/forgot" novalidate>
        <input type="hidden" name="csrf" value="${csrfToken}" />
        <input type="hidden" name="tx" value="${transactionId ?? ''}" />
        <label for="email">Email address</label>
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
        <button type="submit">Send the link</button>
      </form>
      ${backToSignIn(transactionId)}`,
  )
}

export function forgotSentPage(transactionId: string | null): string {
  return page(
    'Check your mail',
    html`<h1>Check your mail</h1>
      <p>
        If an account uses that address, a message is on its way with what to do next. It can take
        a few minutes; look in your spam folder too. A reset link works once, for one hour.
      </p>
      ${backToSignIn(transactionId)}`,
  )
}

export function resetPage(
  token: string,
  csrfToken: string,
  email: string,
  error?: LoginPageError,
): string {
  return page(
    'Choose a new password',
    html`<h1>Choose a new password</h1>
      <p>For <span class="identity">${email}</span>. You will be signed out everywhere.</p>
      ${errorBlock(error)}
      ${newPasswordForm(`/reset/${encodeURIComponent(token)}`, csrfToken, email, 'Set password')}`,
  )
}

export function resetDonePage(email: string): string {
  return page(
    'Password changed',
    html`<h1>Your password is changed</h1>
      <p>
        <span class="identity">${email}</span> is signed out everywhere. Go back to the application
        and sign in with the new password.
      </p>`,
  )
}

function backToSignIn(transactionId: string | null) {
  return transactionId === null
    ? html``
    : html`<p><a href="/login?tx=${encodeURIComponent(transactionId)}">Back to sign-in</a></p>`
}
