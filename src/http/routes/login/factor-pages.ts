/**
 * Blocks shared by the sign-in's required enrolment and the account page (issue 25): setting up an
 * authenticator app (its QR code — SVG made on the server, no script — and the key as text, then a code
 * to confirm) and the recovery codes shown once.
 */
import { HTML, html } from '../../html/html.ts'
import type { Translator } from '../../i18n/messages.ts'
import type { TotpEnrolment } from '../../../services/sign-in/factor-service.ts'
import { PASSKEY_SCRIPT_PATH } from '../../assets/passkey-script.ts'

/** The QR code and key of an app being set up, and the form that confirms it with a code. */
export function totpSetupBlock(
  t: Translator,
  enrolment: TotpEnrolment,
  action: string,
  hiddenFields: HTML,
  invalid: boolean,
): HTML {
  // The SVG is the qrcode library's rendering of a URI we made: markup of ours, not the user's.
  const qr = new HTML(
    enrolment.qrSvg.replace('<svg ', '<svg aria-hidden="true" focusable="false" '),
  )
  const key = enrolment.secret.replace(/(.{4})(?=.)/g, '$1 ')
  return html`<ol class="steps">
      <li>${t.text('totp.scan')}</li>
      <li>${t.text('totp.enter_code')}</li>
    </ol>
    <div class="qr" role="img" aria-label="${t.text('totp.qr_label')}">${qr}</div>
    <p>${t.text('totp.manual')}</p>
    <p class="secret" id="totp-key" translate="no">${key}</p>
    <form method="post" action="${action}">
      ${hiddenFields}
      <input type="hidden" name="factorId" value="${enrolment.factor.id}" />
      ${codeInput(t.text('totp.code_label'), invalid)}
      <button type="submit">${t.text('totp.confirm')}</button>
    </form>`
}

/** The one script, for the pages that offer passkeys (allowed by their CSP, `sendPage(…, true)`). */
export const PASSKEY_SCRIPT = html`<script src="${PASSKEY_SCRIPT_PATH}" defer></script>`

/**
 * A passkey form: hidden until the script finds WebAuthn in the browser; on submit it fetches options
 * from `optionsUrl` with the form's fields, lets the browser create (`register`) or use (`authenticate`)
 * a passkey, and sends the answer as `credential` to `action`.
 */
export function passkeyForm(
  t: Translator,
  mode: 'register' | 'authenticate',
  action: string,
  optionsUrl: string,
  hiddenFields: HTML,
  label: string,
  extra: HTML = html``,
): HTML {
  return html`<form
    method="post"
    action="${action}"
    data-passkey="${mode}"
    data-options="${optionsUrl}"
    data-failed="${t.text('passkey.failed')}"
    hidden
  >
    ${hiddenFields} ${extra}
    <input type="hidden" name="credential" value="" />
    <button type="submit" class="secondary">${label}</button>
    <p class="hint" role="status" data-passkey-status></p>
  </form>`
}

/** The field for the six digits an authenticator app shows. */
export function codeInput(label: string, invalid: boolean): HTML {
  return html`<label for="code">${label}</label>
    <input
      id="code"
      name="code"
      type="text"
      inputmode="numeric"
      pattern="[0-9 ]*"
      maxlength="8"
      autocomplete="one-time-code"
      required
      autofocus
      ${invalid ? html`aria-invalid="true" aria-describedby="form-error"` : ''}
    />`
}

/** Ten recovery codes, shown this once. */
export function recoveryCodesBlock(t: Translator, codes: readonly string[]): HTML {
  return html`<p>${t.text('recovery.text')}</p>
    <ul class="recovery-codes" translate="no">
      ${codes.map((code) => html`<li><code>${code}</code></li>`)}
    </ul>`
}
