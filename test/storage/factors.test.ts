/**
 * Second factors and recovery codes in storage on both engines (issue 25): a TOTP code is good once —
 * of many requests with it at once exactly one wins, and an older code after a newer one is refused —
 * checked against codes made by an independent library (otpauth); a recovery code is used once, however
 * many requests race for it, and regenerating kills the old ones; a passkey's signature counter only
 * moves forward; a WebAuthn challenge is taken once; an admin's reset removes everything; nothing
 * reaches another organization.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { TOTP } from 'otpauth'
import type { FactorRepository } from '../../src/factors/factor-repository.ts'
import type { SecondFactor } from '../../src/factors/second-factor.ts'
import { newRecoveryCodes, recoveryCodeHash } from '../../src/factors/recovery-codes.ts'
import { newTotpSecret, totpStep, totpUri } from '../../src/factors/totp.ts'
import { newId } from '../../src/platform/random.ts'
import { DIALECTS } from '../helpers/databases.ts'
import { buildOrganization, buildUser } from '../helpers/fixtures.ts'
import { openTestDatabase, type OpenedTestDatabase } from '../helpers/storage.ts'

const factor = (orgId: string, userId: string, over: Partial<SecondFactor> = {}): SecondFactor => ({
  id: newId(),
  orgId,
  userId,
  kind: 'totp',
  name: 'Phone',
  secretSealed: null,
  lastUsedStep: null,
  credentialId: null,
  publicKey: null,
  signCount: null,
  transports: [],
  confirmedAt: 1,
  createdAt: 1,
  lastUsedAt: null,
  ...over,
})

describe('TOTP codes (RFC 6238, read by otpauth independently)', () => {
  const secret = newTotpSecret()
  const app = new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 })
  const at = Date.UTC(2026, 11, 7, 9, 0, 10)

  it('accepts the current code and one step of drift either way, nothing further', async () => {
    const step = Math.floor(at / 30_000)
    assert.equal(await totpStep(secret, app.generate({ timestamp: at }), at), step)
    assert.equal(await totpStep(secret, app.generate({ timestamp: at - 30_000 }), at), step - 1)
    assert.equal(await totpStep(secret, app.generate({ timestamp: at + 30_000 }), at), step + 1)
    assert.equal(await totpStep(secret, app.generate({ timestamp: at - 60_000 }), at), undefined)
    assert.equal(await totpStep(secret, app.generate({ timestamp: at + 60_000 }), at), undefined)
    const spaced = app.generate({ timestamp: at }).replace(/^(\d{3})/, '$1 ')
    assert.equal(await totpStep(secret, spaced, at), step)
    for (const bad of ['', '12345', '1234567', 'abcdef', 42, null]) {
      assert.equal(await totpStep(secret, bad, at), undefined)
    }
  })

  it('makes a secret and URI an authenticator app reads', () => {
    assert.match(secret, /^[A-Z2-7]{32}$/)
    const uri = new URL(totpUri('Portcullis', 'ada@acme.example', secret))
    assert.equal(uri.protocol, 'otpauth:')
    assert.equal(uri.searchParams.get('secret'), secret)
    assert.equal(uri.searchParams.get('issuer'), 'Portcullis')
  })
})

describe('recovery codes', () => {
  it('are ten distinct codes that read back whatever the case, spaces and look-alikes', () => {
    const codes = newRecoveryCodes()
    assert.equal(new Set(codes).size, 10)
    for (const code of codes) assert.match(code, /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/)
    const first = codes[0] ?? ''
    const typed = ` ${first.toLowerCase().replace('-', ' ').replace(/0/g, 'o').replace(/1/g, 'l')} `
    assert.equal(recoveryCodeHash(typed), recoveryCodeHash(first))
    assert.equal(recoveryCodeHash('not a code'), undefined)
  })
})

for (const dialect of DIALECTS) {
  describe(`${dialect}: second factors in storage`, () => {
    let t: OpenedTestDatabase
    let factors: FactorRepository
    const org = buildOrganization()
    const other = buildOrganization()
    const user = buildUser(org.id)
    const stranger = buildUser(other.id)
    before(async () => {
      t = await openTestDatabase(dialect)
      await t.store.read.orgs.insert(org)
      await t.store.read.orgs.insert(other)
      await t.store.read.users.insert(user)
      await t.store.read.users.insert(stranger)
      factors = t.store.read.factors
    })
    after(() => t.close())

    it('takes a TOTP step once, of 16 requests at once, and never an older one after', async () => {
      const totp = factor(org.id, user.id)
      await factors.insert(totp)
      const results = await Promise.all(
        Array.from({ length: 16 }, () => factors.useTotpStep(org.id, totp.id, 1000, 5)),
      )
      assert.equal(results.filter(Boolean).length, 1)
      assert.equal(await factors.useTotpStep(org.id, totp.id, 999, 6), false, 'an older code')
      assert.equal(await factors.useTotpStep(org.id, totp.id, 1001, 7), true, 'the next code')
      assert.equal(await factors.useTotpStep(other.id, totp.id, 1002, 8), false, 'another org')
      assert.equal((await factors.find(org.id, totp.id))?.lastUsedAt, 7)
    })

    it('uses a recovery code once, of 16 requests at once; regenerating kills the old ones', async () => {
      const codes = newRecoveryCodes()
      const hashes = codes.map((code) => recoveryCodeHash(code) ?? '')
      await factors.replaceRecoveryCodes(org.id, user.id, hashes, 1)
      assert.equal(await factors.countRecoveryCodes(org.id, user.id), 10)
      const results = await Promise.all(
        Array.from({ length: 16 }, () =>
          factors.useRecoveryCode(org.id, user.id, hashes[0] ?? '', 2),
        ),
      )
      assert.equal(results.filter(Boolean).length, 1)
      assert.equal(await factors.countRecoveryCodes(org.id, user.id), 9)
      assert.equal(await factors.useRecoveryCode(other.id, stranger.id, hashes[1] ?? '', 3), false)
      const fresh = newRecoveryCodes().map((code) => recoveryCodeHash(code) ?? '')
      await factors.replaceRecoveryCodes(org.id, user.id, fresh, 4)
      assert.equal(await factors.useRecoveryCode(org.id, user.id, hashes[1] ?? '', 5), false)
      assert.equal(await factors.useRecoveryCode(org.id, user.id, fresh[0] ?? '', 5), true)
    })

    it('takes a WebAuthn challenge once, of 16 requests at once, only for its purpose and while live', async () => {
      const challenges = t.store.read.webauthnChallenges
      const made = {
        challenge: newId(),
        purpose: 'sign_in' as const,
        orgId: null,
        userId: null,
        loginTransactionId: 'tx-1',
        createdAt: 10,
        expiresAt: 1000,
      }
      await challenges.insert(made)
      assert.equal(await challenges.consume(made.challenge, 'register', 20), undefined, 'purpose')
      const taken = await Promise.all(
        Array.from({ length: 16 }, () => challenges.consume(made.challenge, 'sign_in', 20)),
      )
      assert.deepEqual(
        taken.filter((c) => c !== undefined),
        [made],
      )
      const late = { ...made, challenge: newId() }
      await challenges.insert(late)
      assert.equal(await challenges.consume(late.challenge, 'sign_in', 1000), undefined, 'expired')
    })

    it('moves a passkey counter forward only (0 stays 0 for authenticators that keep none)', async () => {
      const counted = factor(org.id, user.id, {
        kind: 'passkey',
        credentialId: newId(),
        publicKey: 'pk',
        signCount: 5,
      })
      const uncounted = factor(org.id, user.id, {
        kind: 'passkey',
        credentialId: newId(),
        publicKey: 'pk',
        signCount: 0,
      })
      await factors.insert(counted)
      await factors.insert(uncounted)
      assert.equal(await factors.usePasskey(org.id, counted.id, 5, 1), false, 'the same count')
      assert.equal(await factors.usePasskey(org.id, counted.id, 4, 1), false, 'a lower count')
      assert.equal(await factors.usePasskey(org.id, counted.id, 6, 1), true)
      assert.equal(await factors.usePasskey(org.id, uncounted.id, 0, 1), true)
      assert.equal((await factors.findByCredentialId(counted.credentialId ?? ''))?.id, counted.id)
    })

    it('confirms once, renames, forgets stale unconfirmed ones, and resets a user whole', async () => {
      const pending = factor(org.id, user.id, { confirmedAt: null, createdAt: 100 })
      await factors.insert(pending)
      assert.equal(await factors.confirm(org.id, pending.id, 150), true)
      assert.equal(await factors.confirm(org.id, pending.id, 160), false)
      assert.equal(await factors.rename(org.id, pending.id, 'Work phone'), true)
      assert.equal((await factors.find(org.id, pending.id))?.name, 'Work phone')
      const stale = factor(org.id, user.id, { confirmedAt: null, createdAt: 100 })
      await factors.insert(stale)
      assert.equal(await factors.sweepUnconfirmed(200), 1)
      const mine = await factors.listForUser(org.id, user.id)
      assert.ok(mine.every((f) => f.confirmedAt !== null))
      await factors.insert(factor(other.id, stranger.id))
      const removed = await factors.deleteAllForUser(org.id, user.id)
      assert.equal(removed, mine.length)
      assert.deepEqual(await factors.listForUser(org.id, user.id), [])
      assert.equal(await factors.countRecoveryCodes(org.id, user.id), 0)
      assert.equal((await factors.listForUser(other.id, stranger.id)).length, 1, 'untouched')
    })
  })
}
