/** The login, invitation and sign-out pages: plain HTML forms that work without JavaScript. */
import type { LoginPageError } from '../../errors/login-page.ts'
import { html, type HTML } from '../../html/html.ts'
import { page } from '../../html/layout.ts'

export function errorBlock(error: LoginPageError | undefined, id = 'form-error'): HTML {
  return error === undefined
    ? html``
    : html`<div class="error" role="alert" id="${id}">
        <p>${error.message}</p>
        <p>${error.nextStep}</p>
        <p class="code">Reason: ${error.code}</p>
      </div>`
}

export interface LoginFormFields {
  readonly transactionId: string
  readonly csrfToken: string
}

function hidden(form: LoginFormFields): HTML {
  return html`<input type="hidden" name="tx" value="${form.transactionId}" />
    <input type="hidden" name="csrf" value="${form.csrfToken}" />`
}

export function emailPage(
  form: LoginFormFields,
  email: string | null,
  error?: LoginPageError,
): string {
  return page(
    'Sign in',
    html`<h1>Sign in</h1>
      ${errorBlock(error)}
      <form method="post" action="/login/email" novalidate>
        ${hidden(form)}
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
        <button type="submit">Continue</button>
        <button type="submit" name="method" value="password" class="secondary">
          Sign in with a password instead
        </button>
        <p class="hint">
          Only if your administrator lets your account skip single sign-on.
        </p>
      </form>`,
  )
}

export function passwordPage(
  form: LoginFormFields,
  email: string,
  error?: LoginPageError,
  ssoAvailable = false,
  resetAvailable = false,
): string {
  return page(
    'Enter your password',
    html`<h1>Enter your password</h1>
      <p>Signing in as <span class="identity">${email}</span></p>
      ${errorBlock(error)}
      <form method="post" action="/login/password">
        ${hidden(form)}
        <input type="hidden" name="username" value="${email}" autocomplete="username" />
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          autofocus
          ${error ? html`aria-invalid="true" aria-describedby="form-error"` : ''}
        />
        <button type="submit">Sign in</button>
      </form>
      ${
        resetAvailable
          ? html`<p><a href="/login/forgot?tx=${encodeURIComponent(form.transactionId)}">Forgot your password?</a></p>`
          : ''
      }
      ${
        ssoAvailable
          ? html`<form method="post" action="/login/sso">
${hidden(form)}
<button type="submit" class="secondary">Sign in with single sign-on</button>
</form>`
          : ''
      }
<form method="get" action="/login">
        <input type="hidden" name="tx" value="${form.transactionId}" />
        <input type="hidden" name="change" value="1" />
        <button type="submit" class="secondary">Use another email address</button>
      </form>`,
  )
}

/** A page that sends the browser on to `location` without script (meta refresh), with a link as well. */
export function redirectingPage(location: string): string {
  return page(
    'Continue to your identity provider',
    html`<h1>Continue to your identity provider</h1>
<p>Your organization signs you in through its identity provider.</p>
<p><a href="${location}" id="continue">Continue</a></p>`,
    html`<meta http-equiv="refresh" content="0;url=${location}">`,
  )
}

export function errorPage(error: LoginPageError, title = 'We could not sign you in'): string {
  return page(
    title,
    html`<h1>${title}</h1>
      ${errorBlock(error)}`,
  )
}

export function invitePage(
  token: string,
  csrfToken: string,
  email: string,
  error?: LoginPageError,
): string {
  return page(
    'Activate your account',
    html`<h1>Activate your account</h1>
      <p>Choose a password for <span class="identity">${email}</span>.</p>
      ${errorBlock(error)}
      ${newPasswordForm(`/invite/${encodeURIComponent(token)}`, csrfToken, email, 'Activate account')}`,
  )
}

/** Choosing a password (invitation, reset): the same form, posted to `action` with its CSRF token. */
export function newPasswordForm(
  action: string,
  csrfToken: string,
  email: string,
  submitLabel: string,
): HTML {
  return html`<form method="post" action="${action}">
    <input type="hidden" name="csrf" value="${csrfToken}" />
    <input type="hidden" name="username" value="${email}" autocomplete="username" />
    <label for="password">New password</label>
    <input
      id="password"
      name="password"
      type="password"
      autocomplete="new-password"
      required
      minlength="12"
      aria-describedby="password-hint"
      autofocus
    />
    <p class="hint" id="password-hint">At least 12 characters.</p>
    <label for="confirm">Repeat the password</label>
    <input
      id="confirm"
      name="confirm"
      type="password"
      autocomplete="new-password"
      required
      minlength="12"
    />
    <button type="submit">${submitLabel}</button>
  </form>`
}

export function inviteDonePage(email: string): string {
  return page(
    'Account active',
    html`<h1>Your account is active</h1>
      <p>
        <span class="identity">${email}</span> can now sign in. Go back to the application and sign
        in there. If your organization requires single sign-on, sign in through its identity
        provider.
      </p>`,
  )
}

export function logoutConfirmPage(csrfToken: string, query: string): string {
  return page(
    'Sign out',
    html`<h1>Sign out?</h1>
      <form method="post" action="/oauth2/logout${query === '' ? '' : `?${query}`}">
        <input type="hidden" name="csrf" value="${csrfToken}" />
        <button type="submit">Sign out</button>
      </form>`,
  )
}

export function signedOutPage(): string {
  return page(
    'Signed out',
    html`<h1>You are signed out</h1>
      <p>You can close this page.</p>`,
  )
}
