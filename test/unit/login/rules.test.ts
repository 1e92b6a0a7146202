/** Pure rules of the login front door: throttling, sessions, passwords. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  hashPassword,
  needsRehash,
  validateNewPassword,
  verifyPassword,
} from '../../../src/users/password.ts'
import {
  lockDuration,
  RATE_LIMITS,
  schedule,
  slowDownDelay,
} from '../../../src/login/rate-limit.ts'
import { extendIdle, isSessionActive, newSession } from '../../../src/sessions/session.ts'
import { ManualClock } from '../../../src/platform/clock.ts'

describe('auth: throttling schedules', () => {
  const pair = RATE_LIMITS.pair
  const account = RATE_LIMITS.account
  it('does not lock below the limit', () => {
    assert.equal(lockDuration(pair, pair.maxAttempts - 1), 0)
  })
  it('locks at the limit, doubling with every further attempt, up to the cap', () => {
    assert.deepEqual(
      [5, 6, 7, 8, 9, 10, 11, 500].map((n) => lockDuration(pair, n) / 60_000),
      [1, 2, 4, 8, 16, 32, 60, 60],
    )
  })
  it('slows the account down after 20 attempts, 1 s doubling to 30 s: at most 120 an hour', () => {
    assert.deepEqual(
      [20, 21, 22, 23, 24, 25, 26, 1000].map((n) => slowDownDelay(account, n) / 1000),
      [0, 1, 2, 4, 8, 16, 30, 30],
    )
  })
  it('tabulates a schedule up to its cap for the counting statement', () => {
    assert.deepEqual(
      schedule((n) => lockDuration(pair, n), 5, pair.maxLockMs),
      {
        rows: [5, 6, 7, 8, 9, 10].map((n) => [n, lockDuration(pair, n)]),
        cap: pair.maxLockMs,
      },
    )
  })
})

describe('auth: sessions', () => {
  const lifetimes = { idleMs: 1000, absoluteMs: 5000 }
  const clock = new ManualClock(10_000)
  const { session, secret } = newSession(clock, lifetimes, {
    orgId: 'o',
    userId: 'u',
    authMethod: 'pwd',
    ssoProfileId: null,
  })
  it('keeps only the hash of the cookie secret and a separate public sid', () => {
    assert.notEqual(session.idHash, secret)
    assert.notEqual(session.sid, secret)
    assert.equal(secret.length, 43)
  })
  it('is active until the idle or absolute deadline', () => {
    assert.equal(isSessionActive(session, 10_999), true)
    assert.equal(isSessionActive(session, 11_000), false)
    assert.equal(isSessionActive({ ...session, revokedAt: 10_500 }, 10_600), false)
  })
  it('extends the idle deadline at most once a minute and never past the absolute one', () => {
    assert.equal(extendIdle(session, lifetimes, 10_500), undefined)
    assert.equal(extendIdle(session, { idleMs: 1000, absoluteMs: 5000 }, 70_000 + 10_000), 15_000)
  })
})

describe('auth: passwords', () => {
  it('refuses short, overlong and email-containing passwords', () => {
    assert.throws(() => validateNewPassword('short', 'ada@x.test'), { code: 'password.too_short' })
    assert.throws(() => validateNewPassword('a'.repeat(257), 'ada@x.test'), {
      code: 'password.too_long',
    })
    assert.throws(() => validateNewPassword('lovelace-is-my-password', 'lovelace@x.test'), {
      code: 'password.contains_email',
    })
    assert.equal(
      validateNewPassword('correct horse battery', 'ada@x.test'),
      'correct horse battery',
    )
  })
  it('hashes with argon2id at the OWASP parameters and verifies', async () => {
    const hash = await hashPassword('correct horse battery')
    assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    assert.equal(needsRehash(hash), false)
    assert.equal(await verifyPassword(hash, 'correct horse battery'), true)
    assert.equal(await verifyPassword(hash, 'correct horse batterY'), false)
  })
  it('never verifies without a stored hash, and asks to rehash weaker hashes', async () => {
    assert.equal(await verifyPassword(null, 'anything at all'), false)
    assert.equal(needsRehash('$argon2id$v=19$m=4096,t=3,p=1$abc$def'), true)
  })
})
