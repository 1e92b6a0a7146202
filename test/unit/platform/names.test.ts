/** One rule for every name people type (issue 12 folded four drifted validators into it). */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readName } from '../../../src/platform/names.ts'

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
    ]) {
      assert.equal(readName(bad, 10), undefined, JSON.stringify(bad))
    }
    assert.equal(readName('x'.repeat(10), 10), 'x'.repeat(10))
  })
})
