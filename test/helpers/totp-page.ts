/** The authenticator app a person would set up from one of our pages: the key shown there as text. */
import assert from 'node:assert/strict'
import { TOTP } from 'otpauth'

export function appFromPage(body: string): TOTP {
  const key = /<p class="secret" id="totp-key" translate="no">([A-Z2-7 ]+)<\/p>/.exec(body)?.[1]
  assert.ok(key, 'the key is on the page')
  return new TOTP({ secret: key.replaceAll(' ', ''), algorithm: 'SHA1', digits: 6, period: 30 })
}
