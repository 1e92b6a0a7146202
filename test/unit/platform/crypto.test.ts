/** constantEquals and secret hashing. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { constantEquals, hashSecret } from '../../../src/platform/crypto.ts'
import { newId, newSecret } from '../../../src/platform/random.ts'

describe('platform: crypto', () => {
  it('compares equal strings as equal and different ones as different', () => {
    assert.equal(constantEquals('abc', 'abc'), true)
    assert.equal(constantEquals('abc', 'abd'), false)
    assert.equal(constantEquals('abc', 'abcd'), false)
    assert.equal(constantEquals('abc\u0000', 'abc'), false)
    assert.equal(constantEquals('', ''), true)
    assert.equal(constantEquals('', 'a'), false)
  })

  it('hashes secrets deterministically without revealing them', () => {
    const secret = newSecret('pcat_')
    assert.equal(hashSecret(secret), hashSecret(secret))
    assert.notEqual(hashSecret(secret), hashSecret(`${secret}x`))
    assert.match(hashSecret(secret), /^[0-9a-f]{64}$/)
  })

  it('makes row ids that sort in the order they were made, a millisecond apart or more', async () => {
    const first = newId()
    await new Promise((resolve) => setTimeout(resolve, 2))
    const later = Array.from({ length: 100 }, () => newId())
    assert.match(first, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    for (const id of later) assert.ok(first < id, `${first} < ${id}`)
    assert.equal(new Set(later).size, 100)
    // The first 48 bits are the time it was made.
    const made = Number.parseInt(first.replace('-', '').slice(0, 12), 16)
    assert.ok(Math.abs(Date.now() - made) < 60_000)
  })

  it('makes prefixed secrets of 256 bits', () => {
    const secret = newSecret('pcat_')
    assert.ok(secret.startsWith('pcat_'))
    assert.equal(Buffer.from(secret.slice(5), 'base64url').length, 32)
    assert.notEqual(newSecret(), newSecret())
  })
})
