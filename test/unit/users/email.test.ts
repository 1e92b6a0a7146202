/** The email canonicaliser (SPEC §2; SECURITY-CASES ID-02, TEN-06). */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { canonicalizeDomain, canonicalizeEmail } from '../../../src/users/email.ts'

const ACCEPTED: ReadonlyArray<readonly [string, string]> = [
  ['ceo@orga.test', 'ceo@orga.test'],
  ['CEO@OrgA.Test', 'ceo@orga.test'],
  ['  ceo@orga.test \n', 'ceo@orga.test'],
  ['first.last+tag@sub.orga.test', 'first.last+tag@sub.orga.test'],
  ['a@bücher.example', 'a@xn--bcher-kva.example'],
  ['a@xn--bcher-kva.example', 'a@xn--bcher-kva.example'],
  ["o'brien@orga.test", "o'brien@orga.test"],
]

const REFUSED: ReadonlyArray<readonly [string, string]> = [
  ['', 'empty'],
  ['plainaddress', 'no @'],
  ['@orga.test', 'empty local part'],
  ['ceo@', 'empty domain'],
  ['ceo@orga', 'single-label domain'],
  ['ceo@orgb.test.', 'trailing dot'],
  ['"ceo@orgb.test"@orga.test', 'quoted local part'],
  ['ceo@orga.test@evil.test', 'two @'],
  ['c..eo@orga.test', 'double dot'],
  ['.ceo@orga.test', 'leading dot'],
  ['ceo@-orga.test', 'label starting with a hyphen'],
  ['ceo@orga.123', 'numeric top-level label'],
  ['ceo@or ga.test', 'space'],
  ['ceo@orga.test\u0000', 'NUL'],
  ['ceo\u200b@orga.test', 'zero-width space'],
  ['ceo@orga\u202e.test', 'RTL override'],
  ['ceo\uff20orga.test', 'fullwidth @'],
  ['ceo@\uff4frga.test', 'fullwidth letter in the domain'],
  ['ceo@\ufb01nance.test', 'ligature that IDNA maps to "fi"'],
  ['ceo@orga\u00ad.test', 'soft hyphen that IDNA deletes'],
  ['ceö@orga.test', 'non-ASCII local part'],
  [`${'a'.repeat(65)}@orga.test`, 'local part over 64'],
  [`a@${'b'.repeat(64)}.test`, 'label over 63'],
]

describe('users: canonicalizeEmail', () => {
  for (const [input, canonical] of ACCEPTED) {
    it(`accepts ${JSON.stringify(input)} as ${canonical}`, () => {
      assert.equal(canonicalizeEmail(input).canonical, canonical)
    })
  }
  for (const [input, why] of REFUSED) {
    it(`refuses ${JSON.stringify(input)} (${why})`, () => {
      assert.throws(() => canonicalizeEmail(input), { code: 'user.invalid_email' })
    })
  }

  it('keeps the address as entered (trimmed, NFC) beside the canonical form', () => {
    const result = canonicalizeEmail(' Ada.Lovelace@Example.TEST ')
    assert.equal(result.email, 'Ada.Lovelace@Example.TEST')
    assert.equal(result.canonical, 'ada.lovelace@example.test')
    assert.equal(result.domain, 'example.test')
  })

  it('maps the composed and decomposed spellings of one IDN domain to one canonical form', () => {
    const composed = canonicalizeEmail('a@b\u00fccher.example').canonical
    const decomposed = canonicalizeEmail('a@bu\u0308cher.example').canonical
    assert.equal(composed, decomposed)
  })

  it('treats the Kelvin sign as the K it is canonically equivalent to (NFC), never as a second account', () => {
    assert.equal(canonicalizeEmail('ceo@wor\u212a.test').canonical, 'ceo@work.test')
    assert.equal(canonicalizeEmail('\u212aate@orga.test').canonical, 'kate@orga.test')
  })

  it('keeps a dotted capital I domain apart from the dotless ASCII one', () => {
    const dotted = canonicalizeEmail('ceo@\u0130stanbul.test').domain
    assert.notEqual(dotted, 'istanbul.test')
    assert.match(dotted, /^xn--/)
  })

  it('refuses non-string input', () => {
    assert.throws(() => canonicalizeEmail(42), { code: 'user.invalid_email' })
    assert.throws(() => canonicalizeEmail(undefined), { code: 'user.invalid_email' })
  })

  it('canonicalizes bare domains the same way', () => {
    assert.equal(canonicalizeDomain('OrgA.Test'), 'orga.test')
    assert.equal(canonicalizeDomain('orga.test.'), undefined)
  })
})
