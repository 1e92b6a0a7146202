/** Encryption at rest: round trip, binding to its row, tamper detection, legacy plaintext. */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { createSecretBox } from '../../../src/platform/secret-box.ts'

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----\n'

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32))

  it('seals to a tagged value that does not contain the plaintext and opens it again', () => {
    const sealed = box.seal(PEM, 'kid-1')
    assert.match(sealed, /^enc:v1:[\w-]+:[\w-]+:[\w-]+$/)
    assert.ok(!sealed.includes('PRIVATE KEY'))
    assert.notEqual(box.seal(PEM, 'kid-1'), sealed, 'a fresh IV every time')
    assert.equal(box.open(sealed, 'kid-1'), PEM)
  })

  it('refuses a sealed value moved to another row', () => {
    assert.throws(() => box.open(box.seal(PEM, 'kid-1'), 'kid-2'))
  })

  it('refuses a tampered ciphertext and a value sealed under another key', () => {
    const sealed = box.seal(PEM, 'kid-1')
    const parts = sealed.split(':')
    const ciphertext = Buffer.from(parts[4]!, 'base64url')
    ciphertext[0] = ciphertext[0]! ^ 1
    parts[4] = ciphertext.toString('base64url')
    assert.throws(() => box.open(parts.join(':'), 'kid-1'))
    assert.throws(() => createSecretBox(randomBytes(32)).open(sealed, 'kid-1'))
    assert.throws(() => box.open('enc:v1:only-one-part', 'kid-1'), /malformed/)
    assert.throws(() => box.open(`${sealed}:extra`, 'kid-1'), /malformed/)
  })

  it('reads legacy plaintext as is, and without a key stores plaintext', () => {
    assert.equal(box.open(PEM, 'kid-1'), PEM)
    const none = createSecretBox(undefined)
    assert.equal(none.seal(PEM, 'kid-1'), PEM)
    assert.throws(() => none.open(box.seal(PEM, 'kid-1'), 'kid-1'), /SECRETS_KEY is not set/)
  })

  it('refuses a key that is not 32 bytes', () => {
    assert.throws(() => createSecretBox(randomBytes(16)), RangeError)
  })
})
