/**
 * The account page (issue 25): a signed-in person's name, email and organization, their password,
 * their second factors and recovery codes, their sessions. Plain forms, the login pages' layout and
 * languages; every form carries the session's CSRF token.
 */
import type { LoginPageError } from '../../errors/login-page.ts'
import { html, type HTML } from '../../html/html.ts'
import { page, type PageFrame } from '../../html/layout.ts'
import type { MessageKey } from '../../i18n/en.ts'
import type { Translator } from '../../i18n/messages.ts'
import type { AccountView } from '../../../services/sign-in/account-service.ts'
import type { TotpEnrolment } from '../../../services/sign-in/factor-service.ts'
import { errorBlock, newPasswordForm } from '../login/pages.ts'
import {
  PASSKEY_SCRIPT,
  passkeyForm,
  recoveryCodesBlock,
  totpSetupBlock,
} from '../login/factor-pages.ts'

/** What a finished change says at the top of the page (`/account?done=…`). */
export const DONE_MESSAGES = {
  password: 'account.done_password',
  factor_added: 'account.done_factor_added',
  factor_renamed: 'account.done_factor_renamed',
  factor_removed: 'account.done_factor_removed',
  passkey_added: 'account.done_passkey_added',
  signed_out: 'account.done_signed_out',
} as const satisfies Record<string, MessageKey>
export type DoneMessage = keyof typeof DONE_MESSAGES

function csrfField(csrf: string): HTML {
  return html`<input type="hidden" name="csrf" value="${csrf}" />`
}

/** A date and time as people read it, in UTC (the same on every server). */
function when(ms: number | null): string {
  return ms === null ? '—' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

export function accountPage(
  frame: PageFrame,
  view: AccountView,
  csrf: string,
  notice: { readonly done?: DoneMessage; readonly error?: LoginPageError } = {},
): string {
  const { t } = frame
  const { user } = view
  const name = [user.givenName, user.familyName].filter((part) => part).join(' ')
  return page(
    frame,
    t.text('account.title'),
    html`<h1>${t.text('account.title')}</h1>
      ${
        notice.done === undefined
          ? ''
          : html`<p class="status" role="status">${t.text(DONE_MESSAGES[notice.done])}</p>`
      }
      ${errorBlock(t, notice.error)}
      <dl>
        <dt>${t.text('account.name')}</dt>
        <dd>${name === '' ? '—' : name}</dd>
        <dt>${t.text('account.email')}</dt>
        <dd class="identity">${user.email}</dd>
        <dt>${t.text('account.organization')}</dt>
        <dd>${view.organizationName}</dd>
      </dl>
      ${view.passwordUser ? passwordSection(t, user.email, csrf) : ''}
      ${factorSection(t, view, csrf)} ${sessionSection(t, view, csrf)}
      <section aria-labelledby="sign-out-title">
        <h2 id="sign-out-title">${t.text('account.sign_out_title')}</h2>
        <p><a class="action" href="/oauth2/logout">${t.text('account.sign_out')}</a></p>
      </section>`,
    { wide: true, back: true, head: PASSKEY_SCRIPT },
  )
}

function passwordSection(t: Translator, email: string, csrf: string): HTML {
  const current = html`<label for="current-password">${t.text('account.password_current')}</label>
    <input
      id="current-password"
      name="current"
      type="password"
      autocomplete="current-password"
      required
    />`
  return html`<section aria-labelledby="password-title">
    <h2 id="password-title">${t.text('account.password_title')}</h2>
    <p>${t.text('account.password_text')}</p>
    ${newPasswordForm(t, '/account/password', csrf, email, t.text('account.password_submit'), current)}
  </section>`
}

function factorSection(t: Translator, view: AccountView, csrf: string): HTML {
  if (!view.passwordUser) {
    return html`<section aria-labelledby="factors-title">
      <h2 id="factors-title">${t.text('account.factors_title')}</h2>
      <p>${t.text('account.factors_sso')}</p>
    </section>`
  }
  const items = view.factors.map(
    (factor) => html`<li>
      <p>
        <strong>${factor.name}</strong> \u00b7
        ${t.text(factor.kind === 'totp' ? 'account.kind_totp' : 'account.kind_passkey')} \u00b7
        ${t.text('account.factor_last_used')}: ${when(factor.lastUsedAt)}
      </p>
      <form method="post" action="/account/factors/rename">
        ${csrfField(csrf)}
        <input type="hidden" name="factorId" value="${factor.id}" />
        <label for="name-${factor.id}"
          >${t.text('account.factor_new_name', { name: factor.name })}</label
        >
        <input id="name-${factor.id}" name="name" type="text" maxlength="60" value="${factor.name}" />
        <button type="submit" class="secondary">${t.text('account.factor_rename')}</button>
      </form>
      <form method="post" action="/account/factors/remove">
        ${csrfField(csrf)}
        <input type="hidden" name="factorId" value="${factor.id}" />
        <button type="submit" class="secondary">
          ${t.text('account.factor_remove_named', { name: factor.name })}
        </button>
      </form>
    </li>`,
  )
  const policy: MessageKey = view.mfaRequired
    ? 'account.factors_required'
    : view.mfa === 'off'
      ? 'account.factors_off'
      : 'account.factors_optional'
  return html`<section aria-labelledby="factors-title">
    <h2 id="factors-title">${t.text('account.factors_title')}</h2>
    <p>${t.text(policy)}</p>
    ${
      view.factors.length === 0
        ? html`<p>${t.text('account.factors_none')}</p>`
        : html`<ul class="items">
            ${items}
          </ul>`
    }
    ${
      view.mfa === 'off'
        ? ''
        : html`<form method="post" action="/account/totp">
            ${csrfField(csrf)}
            <label for="totp-name">${t.text('account.totp_name')}</label>
            <input
              id="totp-name"
              name="name"
              type="text"
              maxlength="60"
              placeholder="${t.text('account.totp_name_placeholder')}"
            />
            <button type="submit" class="secondary">${t.text('account.totp_add')}</button>
          </form>
          ${passkeyForm(
            t,
            'register',
            '/account/passkeys',
            '/account/passkeys/options',
            csrfField(csrf),
            t.text('account.passkey_add'),
            html`<label for="passkey-name">${t.text('account.passkey_name')}</label>
              <input
                id="passkey-name"
                name="name"
                type="text"
                maxlength="60"
                placeholder="${t.text('account.passkey_name_placeholder')}"
              />`,
          )}`
    }
    ${
      view.factors.length === 0
        ? ''
        : html`<h3>${t.text('account.recovery_title')}</h3>
            <p>${t.text('account.recovery_left', { count: String(view.recoveryCodesLeft) })}</p>
            <form method="post" action="/account/recovery-codes">
              ${csrfField(csrf)}
              <button type="submit" class="secondary">${t.text('account.recovery_new')}</button>
            </form>`
    }
  </section>`
}

function sessionSection(t: Translator, view: AccountView, csrf: string): HTML {
  const items = view.sessions.map(
    (session) => html`<li>
      <p>
        <strong>${session.userAgent ?? '—'}</strong>
        ${session.ip === null ? '' : html`<br />${session.ip}`}
      </p>
      <p>
        ${t.text('account.session_started')}: ${when(session.createdAt)}<br />
        ${t.text('account.session_last_seen')}: ${when(session.lastSeenAt)}
      </p>
      ${
        session.current
          ? html`<p><strong>${t.text('account.session_current')}</strong></p>`
          : html`<form method="post" action="/account/sessions/sign-out">
              ${csrfField(csrf)}
              <input type="hidden" name="sid" value="${session.sid}" />
              <button type="submit" class="secondary">${t.text('account.session_sign_out')}</button>
            </form>`
      }
    </li>`,
  )
  return html`<section aria-labelledby="sessions-title">
    <h2 id="sessions-title">${t.text('account.sessions_title')}</h2>
    <ul class="items">
      ${items}
    </ul>
    ${
      view.sessions.length > 1
        ? html`<form method="post" action="/account/sessions/sign-out">
            ${csrfField(csrf)}
            <input type="hidden" name="others" value="1" />
            <button type="submit" class="secondary">${t.text('account.sessions_sign_out_others')}</button>
          </form>`
        : ''
    }
  </section>`
}

/** Setting up an authenticator app from the account page. */
export function accountTotpPage(
  frame: PageFrame,
  enrolment: TotpEnrolment,
  csrf: string,
  error?: LoginPageError,
): string {
  const { t } = frame
  return page(
    frame,
    t.text('account.totp_title'),
    html`<h1>${t.text('account.totp_title')}</h1>
      ${errorBlock(t, error)}
      ${totpSetupBlock(t, enrolment, '/account/totp/confirm', csrfField(csrf), error !== undefined)}
      <p><a class="action" href="/account">${t.text('account.cancel')}</a></p>`,
    { support: error !== undefined },
  )
}

/** New recovery codes, shown this once. */
export function recoveryCodesPage(frame: PageFrame, codes: readonly string[]): string {
  const { t } = frame
  return page(
    frame,
    t.text('enrol.codes_title'),
    html`<h1>${t.text('enrol.codes_title')}</h1>
      ${recoveryCodesBlock(t, codes)}
      <p><a class="action" href="/account">${t.text('account.codes_done')}</a></p>`,
  )
}
