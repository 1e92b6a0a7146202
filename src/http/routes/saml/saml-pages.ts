/** Pages the ACS shows: signed in without a console to return to, and a connection test's result. */
import { html, type HTML } from '../../html/html.ts'
import { page, type PageFrame } from '../../html/layout.ts'
import type { TestResult } from '../../../sso-profiles/test-result.ts'
import { NAME_FIELDS } from '../../../sso-profiles/attribute-mapping.ts'
import type { Translator } from '../../i18n/messages.ts'

export function signedInPage(frame: PageFrame): string {
  const { t } = frame
  return page(
    frame,
    t.text('signed_in.title'),
    html`<h1>${t.text('signed_in.heading')}</h1>
      <p>${t.text('signed_in.text')}</p>`,
    { back: true },
  )
}

export function testResultPage(frame: PageFrame, result: TestResult, profileId: string): string {
  const { t } = frame
  const rows = (entries: [string, string | null | undefined][]): HTML =>
    html`<dl>
      ${entries.map(([k, v]) => html`<dt>${k}</dt><dd class="identity">${v ?? '—'}</dd>`)}
    </dl>`
  const heading = t.text(result.passed ? 'test.passed' : 'test.failed')
  return page(
    frame,
    t.text('test.title'),
    html`<h1>${heading}</h1>
      ${
        result.passed
          ? html`<p>
            ${t.markup('test.passed_text', {
              email: html`<span class="identity">${result.email ?? ''}</span>`,
            })}
          </p>`
          : html`<p>${t.text('test.failed_text')}</p>`
      }
      ${rows([
        ['NameID', result.nameId],
        ['Issuer', result.issuer],
        ['Signature', result.signature ? JSON.stringify(result.signature) : null],
        [t.text('test.encryption'), encryptionLine(t, result.encryption)],
      ])}
      ${
        result.failures.length > 0
          ? html`<div class="error" role="alert">
            <ul>
              ${result.failures.map(
                (f) =>
                  html`<li>
                    <span class="code">${f.code}</span> (${f.check})${f.detail ? html`: ${f.detail}` : ''}
                  </li>`,
              )}
            </ul>
          </div>`
          : ''
      }
      <h2>${t.text('test.names')}</h2>
      ${mappingSection(t, result)}
      <h2>${t.text('test.attributes')}</h2>
      ${rows(Object.entries(result.attributes).map(([k, v]) => [k, v.join(', ')]))}
      <p>
        ${
          // After a passed test, the set-up goes on where it left off: enforcing (issue 27).
          result.passed
            ? html`<a class="action" href="/admin/setup?profile=${encodeURIComponent(profileId)}"
                  >${t.text('test.continue')}</a
                >
                <a href="/admin/sso/${encodeURIComponent(profileId)}">${t.text('test.back')}</a>`
            : html`<a class="action" href="/admin/sso/${encodeURIComponent(profileId)}"
                >${t.text('test.back')}</a
              >`
        }
      </p>`,
  )
}

/** "Encrypted: aes256-gcm, key transport rsa-oaep-mgf1p", "Not encrypted", or nothing read. */
function encryptionLine(t: Translator, encryption: TestResult['encryption']): string | null {
  if (encryption === null) return null
  if (encryption['encrypted'] !== true) return t.text('test.not_encrypted')
  const short = (uri: unknown) => (typeof uri === 'string' ? (uri.split('#')[1] ?? uri) : '?')
  return t.text('test.encrypted', {
    data: short(encryption['dataAlgorithm']),
    transport: short(encryption['keyTransport']),
  })
}

/** Before a connection test started with an API token leaves for the IdP: where it goes, and a button. */
export function testConfirmPage(
  frame: PageFrame,
  action: string,
  profileName: string,
  destination: string,
  ticket: string,
  csrfToken: string,
): string {
  const { t } = frame
  return page(
    frame,
    t.text('test.title'),
    html`<h1>${t.text('test.confirm_title')}</h1>
      <p>
        ${t.markup('test.confirm_text', {
          profile: html`<span class="identity">${profileName}</span>`,
          destination: html`<span class="identity">${destination}</span>`,
        })}
      </p>
      <p>${t.text('test.confirm_warning')}</p>
      <form method="post" action="${action}">
        <input type="hidden" name="ticket" value="${ticket}" />
        <input type="hidden" name="csrf" value="${csrfToken}" />
        <button type="submit">${t.text('test.confirm_submit', { destination })}</button>
      </form>`,
  )
}

/** What the profile's attribute mapping makes of the test's attributes: the names, what it leaves out. */
function mappingSection(t: Translator, result: TestResult): HTML {
  const { mapping } = result
  if (Object.keys(mapping.attributeMapping).length === 0) {
    return html`<p>${t.text('test.names_unmapped')}</p>`
  }
  return html`<dl>
      ${NAME_FIELDS.filter((field) => mapping.wouldSet[field] !== undefined).map(
        (field) =>
          html`<dt>${t.text(`field.${field}`)}</dt>
            <dd class="identity">${mapping.wouldSet[field]}</dd>`,
      )}
    </dl>
    <ul>
      ${mapping.ignored.map(
        (i) =>
          html`<li>
            ${t.text('test.names_ignored', { attribute: i.attribute, reason: t.text(`reason.${i.reason}`) })}
          </li>`,
      )}
      ${mapping.missing.map(
        (m) => html`<li>${t.text('test.names_missing', { attribute: m.attribute })}</li>`,
      )}
    </ul>`
}
