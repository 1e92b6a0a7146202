/** One rule for every name people type (issue 12 folded four drifted validators into it). */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readName, readOptionalName } from '../../../src/platform/names.ts'

describe('readName', () => {
  it('trims and normalizes to NFC', () => {
    assert.equal(readName('  Acme  ', 10), 'Acme')
    assert.equal(readName('Cafe\u0301', 10), 'Caf\u00e9')
  })
  it('refuses empty, too long, non-strings and every control character', () => {
    for (const bad of [
      '',
      '   ',
      'x'.repeat(11),
      42,
      null,
      'a\u0000b',
      'a\tb',
      'a\u0085b',
      'a\u2028b',
      'a\u2029b',
      'Hana \u202Etxt.exe',
      '\u202Aa',
      '\u202Ba',
      '\u202Ca',
      '\u202Da',
      'a\u2066b',
      'a\u2067b',
      'a\u2068b\u2069',
    ]) {
      assert.equal(readName(bad, 10), undefined, JSON.stringify(bad))
    }
    assert.equal(readName('x'.repeat(10), 10), 'x'.repeat(10))
  })
})

describe('readOptionalName', () => {
  it('is null for null or blank, the name, or undefined when the rule refuses it', () => {
    assert.equal(readOptionalName(null, 10), null)
    assert.equal(readOptionalName('  ', 10), null)
    assert.equal(readOptionalName(' هانا ', 10), 'هانا')
    assert.equal(readOptionalName('a\u202Eb', 10), undefined)
    assert.equal(readOptionalName(7, 10), undefined)
  })
})
