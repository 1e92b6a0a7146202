/** The login, invitation and sign-out pages: plain HTML forms that work without JavaScript. */
import type { LoginPageError } from '../../errors/login-page.ts'
import { html, type HTML } from '../../html/html.ts'
import { page, type PageFrame } from '../../html/layout.ts'
import type { MessageKey } from '../../i18n/en.ts'
import type { Translator } from '../../i18n/messages.ts'
import type { TotpEnrolment } from '../../../services/sign-in/factor-service.ts'
import {
  codeInput,
  PASSKEY_SCRIPT,
  passkeyForm,
  recoveryCodesBlock,
  totpSetupBlock,
} from './factor-pages.ts'
import type { SecondFactorMethods } from '../../../services/sign-in/login-service.ts'

export function errorBlock(
  t: Translator,
  error: LoginPageError | undefined,
  id = 'form-error',
): HTML {
  return error === undefined
    ? html``
    : html`<div class="error" role="alert" id="${id}">
        <p>${t.errorMessage(error.code)}</p>
        <p>${t.nextStep(error.code)}</p>
        <p class="code" data-reason="${error.code}">${t.text('error.reason', { code: error.code })}</p>
      </div>`
}

/** The top of a step for one account: its title, a line naming the email, and the error if any. */
function accountStep(
  t: Translator,
  title: MessageKey,
  line: MessageKey,
  email: string,
  error: LoginPageError | undefined,
): HTML {
  return html`<h1>${t.text(title)}</h1>
    <p>${t.markup(line, { email: html`<span class="identity">${email}</span>` })}</p>
    ${errorBlock(t, error)}`
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
  frame: PageFrame,
  form: LoginFormFields,
  email: string | null,
  error?: LoginPageError,
): string {
  const { t } = frame
  return page(
    frame,
    t.text('email.title'),
    html`<h1>${t.text('email.title')}</h1>
      ${errorBlock(t, error)}
      <form method="post" action="/login/email" novalidate>
        ${hidden(form)}
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
        <button type="submit">${t.text('email.continue')}</button>
        <button type="submit" name="method" value="password" class="secondary">
          ${t.text('email.use_password')}
        </button>
        <p class="hint">${t.text('email.use_password_hint')}</p>
      </form>
      ${passkeyForm(t, 'authenticate', '/login/passkey', '/login/passkey/options', hidden(form), t.text('email.use_passkey'))}`,
    { support: error !== undefined, head: PASSKEY_SCRIPT },
  )
}

export function passwordPage(
  frame: PageFrame,
  form: LoginFormFields,
  email: string,
  error?: LoginPageError,
  ssoAvailable = false,
  resetAvailable = false,
): string {
  const { t } = frame
  return page(
    frame,
    t.text('password.title'),
    html`${accountStep(t, 'password.title', 'password.signing_in_as', email, error)}
      <form method="post" action="/login/password">
        ${hidden(form)}
        <input type="hidden" name="username" value="${email}" autocomplete="username" />
        <label for="password">${t.text('password.label')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          autofocus
          ${error ? html`aria-invalid="true" aria-describedby="form-error"` : ''}
        />
        <button type="submit">${t.text('password.submit')}</button>
      </form>
      ${
        resetAvailable
          ? html`<p>
            <a class="action" href="/login/forgot?tx=${encodeURIComponent(form.transactionId)}"
              >${t.text('password.forgot')}</a
            >
          </p>`
          : ''
      }
      ${
        ssoAvailable
          ? html`<form method="post" action="/login/sso">
            ${hidden(form)}
            <button type="submit" class="secondary">${t.text('password.use_sso')}</button>
          </form>`
          : ''
      }
      <form method="get" action="/login">
        <input type="hidden" name="tx" value="${form.transactionId}" />
        <input type="hidden" name="change" value="1" />
        <button type="submit" class="secondary">${t.text('password.other_email')}</button>
      </form>`,
    { support: error !== undefined },
  )
}

/**
 * The second step of a password sign-in (issue 25): the code from an authenticator app, or a recovery
 * code behind a disclosure (no script).
 */
export function secondFactorPage(
  frame: PageFrame,
  form: LoginFormFields,
  email: string,
  methods: SecondFactorMethods,
  error?: LoginPageError,
): string {
  const { t } = frame
  return page(
    frame,
    t.text('second_factor.title'),
    html`${accountStep(
      t,
      'second_factor.title',
      methods.totp ? 'second_factor.text' : 'second_factor.text_passkey',
      email,
      error,
    )}
      ${
        methods.passkey
          ? passkeyForm(
              t,
              'authenticate',
              '/login/second-factor',
              '/login/second-factor/passkey-options',
              hidden(form),
              t.text('second_factor.use_passkey'),
            )
          : ''
      }
      ${
        methods.totp
          ? html`<form method="post" action="/login/second-factor">
              ${hidden(form)}
              ${codeInput(t.text('second_factor.code_label'), error !== undefined)}
              <button type="submit">${t.text('second_factor.submit')}</button>
            </form>`
          : ''
      }
      <details>
        <summary>${t.text('second_factor.recovery_summary')}</summary>
        <form method="post" action="/login/second-factor">
          ${hidden(form)}
          <label for="recovery-code">${t.text('second_factor.recovery_label')}</label>
          <input
            id="recovery-code"
            name="recoveryCode"
            type="text"
            autocomplete="off"
            spellcheck="false"
            maxlength="20"
            required
          />
          <button type="submit" class="secondary">${t.text('second_factor.recovery_submit')}</button>
        </form>
      </details>`,
    { support: error !== undefined, head: methods.passkey ? PASSKEY_SCRIPT : undefined },
  )
}

/** A required enrolment right after the password: an authenticator app to set up (issue 25). */
export function enrolmentPage(
  frame: PageFrame,
  form: LoginFormFields,
  email: string,
  enrolment: TotpEnrolment,
  error?: LoginPageError,
): string {
  const { t } = frame
  return page(
    frame,
    t.text('enrol.title'),
    html`${accountStep(t, 'enrol.title', 'enrol.text', email, error)}
      ${totpSetupBlock(t, enrolment, '/login/enrol', hidden(form), error !== undefined)}`,
    { support: error !== undefined },
  )
}

/** After a required enrolment: the recovery codes, shown once, then on to the console. */
export function enrolledPage(
  frame: PageFrame,
  form: LoginFormFields,
  recoveryCodes: readonly string[],
): string {
  const { t } = frame
  return page(
    frame,
    t.text('enrol.codes_title'),
    html`<h1>${t.text('enrol.codes_title')}</h1>
      ${recoveryCodesBlock(t, recoveryCodes)}
      <form method="post" action="/login/enrol/done">
        ${hidden(form)}
        <button type="submit">${t.text('enrol.continue')}</button>
      </form>`,
  )
}

/** A page that sends the browser on to `location` without script (meta refresh), with a link as well. */
export function redirectingPage(frame: PageFrame, location: string): string {
  const { t } = frame
  return page(
    frame,
    t.text('sso.title'),
    html`<h1>${t.text('sso.title')}</h1>
      <p>${t.text('sso.text')}</p>
      <p><a class="action" href="${location}" id="continue">${t.text('sso.continue')}</a></p>`,
    { head: html`<meta http-equiv="refresh" content="0;url=${location}" />` },
  )
}

export function errorPage(
  frame: PageFrame,
  error: LoginPageError,
  title:
    'error.title' | 'error.title_logout' | 'error.title_sso' | 'error.title_test' = 'error.title',
): string {
  const { t } = frame
  return page(
    frame,
    t.text(title),
    html`<h1>${t.text(title)}</h1>
      ${errorBlock(t, error)}`,
    { back: true, support: true },
  )
}

/**
 * Choosing a password from an emailed link — an invitation (`invite`) or a reset (`reset`): the same page
 * in the words of each, posted back to the link with its CSRF token.
 */
export function choosePasswordPage(
  frame: PageFrame,
  link: 'invite' | 'reset',
  token: string,
  csrfToken: string,
  email: string,
  error?: LoginPageError,
): string {
  const { t } = frame
  return page(
    frame,
    t.text(`${link}.title`),
    html`<h1>${t.text(`${link}.title`)}</h1>
      <p>${t.markup(`${link}.text`, { email: html`<span class="identity">${email}</span>` })}</p>
      ${errorBlock(t, error)}
      ${newPasswordForm(
        t,
        `/${link}/${encodeURIComponent(token)}`,
        csrfToken,
        email,
        t.text(`${link}.submit`),
      )}`,
    { support: error !== undefined },
  )
}

/**
 * Choosing a password (invitation, reset, the account page): the same form, posted to `action` with its
 * CSRF token; `before` comes ahead of the new password (the account page's current password).
 */
export function newPasswordForm(
  t: Translator,
  action: string,
  csrfToken: string,
  email: string,
  submitLabel: string,
  before: HTML = html``,
): HTML {
  return html`<form method="post" action="${action}">
    <input type="hidden" name="csrf" value="${csrfToken}" />
    <input type="hidden" name="username" value="${email}" autocomplete="username" />
    ${before}
    <label for="password">${t.text('new_password.label')}</label>
    <input
      id="password"
      name="password"
      type="password"
      autocomplete="new-password"
      required
      minlength="12"
      aria-describedby="password-hint"
      ${before.value === '' ? 'autofocus' : ''}
    />
    <p class="hint" id="password-hint">${t.text('new_password.hint')}</p>
    <label for="confirm">${t.text('new_password.repeat')}</label>
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

/**
 * After an invitation, or a reset (`reset.*` words): the account is ready; when the person was signed in
 * right away (issue 27) the page says so and offers their account page besides the way back.
 */
export function inviteDonePage(
  frame: PageFrame,
  email: string,
  signedIn = false,
  link: 'invite' | 'reset' = 'invite',
): string {
  const { t } = frame
  const identity = { email: html`<span class="identity">${email}</span>` }
  return page(
    frame,
    t.text(`${link}.done_title`),
    html`<h1>${t.text(`${link}.done_title`)}</h1>
      <p>${t.markup(signedIn ? `${link}.done_signed_in` : `${link}.done_text`, identity)}</p>
      ${
        signedIn ? html`<p><a class="action" href="/account">${t.text('done.account')}</a></p>` : ''
      }`,
    { back: true },
  )
}

export function logoutConfirmPage(frame: PageFrame, csrfToken: string, query: string): string {
  const { t } = frame
  return page(
    frame,
    t.text('logout.title'),
    html`<h1>${t.text('logout.question')}</h1>
      <form method="post" action="/oauth2/logout${query === '' ? '' : `?${query}`}">
        <input type="hidden" name="csrf" value="${csrfToken}" />
        <button type="submit">${t.text('logout.submit')}</button>
      </form>
      <p><a class="action" href="/account">${t.text('logout.account')}</a></p>`,
  )
}

export function signedOutPage(frame: PageFrame): string {
  const { t } = frame
  return page(
    frame,
    t.text('logout.done_title'),
    html`<h1>${t.text('logout.done_heading')}</h1>
      <p>${t.text('logout.done_text')}</p>`,
    { back: true },
  )
}
