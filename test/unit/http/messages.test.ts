/** The pages' catalogue: every language says everything, with the same placeholders; the language chosen. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ERRORS } from '../../../src/errors/codes.ts'
import { html } from '../../../src/http/html/html.ts'
import { PAGE_ERROR_CODES } from '../../../src/http/i18n/page-errors.ts'
import {
  CATALOGUES,
  LOCALES,
  negotiateLocale,
  translator,
} from '../../../src/http/i18n/messages.ts'

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort()

describe('page catalogue', () => {
  const english = CATALOGUES.en
  const keys = Object.keys(english).sort()

  it('has every key of English in every language, no extra ones, none empty', () => {
    assert.ok(keys.length > 100, 'the catalogue is read')
    for (const locale of LOCALES) {
      const catalogue = CATALOGUES[locale] as Record<string, string>
      assert.deepEqual(Object.keys(catalogue).sort(), keys, `${locale}: keys`)
      for (const key of keys) {
        assert.ok((catalogue[key] ?? '').trim().length > 0, `${locale}: ${key} is empty`)
      }
    }
  })

  it('uses the same placeholders in every language', () => {
    for (const locale of LOCALES) {
      const catalogue = CATALOGUES[locale] as Record<string, string>
      for (const key of keys) {
        assert.deepEqual(
          placeholders(catalogue[key] ?? ''),
          placeholders((english as Record<string, string>)[key] ?? ''),
          `${locale}: ${key}`,
        )
      }
    }
  })

  it('translates every error code a page can show, and German differs from English there', () => {
    assert.ok(PAGE_ERROR_CODES.includes('login.transaction_expired'))
    assert.ok(PAGE_ERROR_CODES.includes('saml.replayed'))
    assert.ok(!PAGE_ERROR_CODES.includes('org.not_found' as never), 'API-only codes stay out')
    const de = translator('de')
    for (const code of PAGE_ERROR_CODES) {
      assert.equal(translator('en').errorMessage(code), ERRORS[code].message)
      assert.notEqual(de.errorMessage(code), ERRORS[code].message, `${code} is not translated`)
    }
  })

  it('fills placeholders, escaping text and keeping markup it was given', () => {
    const t = translator('en')
    assert.equal(t.text('frame.sign_in_to', { app: 'A & B' }), 'Sign in to A & B')
    assert.equal(
      t.markup('password.signing_in_as', { email: '<b>x</b>' }).value,
      'Signing in as &lt;b&gt;x&lt;/b&gt;',
    )
    assert.equal(
      t.markup('password.signing_in_as', { email: html`<span>${'a<b'}</span>` }).value,
      'Signing in as <span>a&lt;b</span>',
    )
    assert.equal(t.nextStep('saml.replayed'), CATALOGUES.en['next.default'])
    assert.equal(t.errorMessage('org.not_found'), CATALOGUES.en['error.internal_error'])
  })
})

describe('choosing the language', () => {
  it('prefers the client’s ui_locales, by language subtag, in order', () => {
    assert.equal(negotiateLocale('de-CH en', 'en-US'), 'de')
    assert.equal(negotiateLocale('fr de', 'en'), 'de')
    assert.equal(negotiateLocale('fr', 'de'), 'de')
    assert.equal(negotiateLocale('en', 'de'), 'en')
  })

  it('then Accept-Language with its weights, then English', () => {
    assert.equal(negotiateLocale(null, 'de-DE,de;q=0.9,en;q=0.8'), 'de')
    assert.equal(negotiateLocale(null, 'en;q=0.5, de;q=0.9'), 'de')
    assert.equal(negotiateLocale(null, 'fr-FR, es'), 'en')
    assert.equal(negotiateLocale(null, undefined), 'en')
    assert.equal(negotiateLocale(null, 'de;q=0'), 'en')
  })

  it('ignores what is not a language tag and oversized headers', () => {
    assert.equal(negotiateLocale('!!! ä_ü', undefined), 'en')
    assert.equal(negotiateLocale(null, `${'x,'.repeat(600)}de`), 'en')
  })
})
