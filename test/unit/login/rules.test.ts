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
} from '../../../src/throttling/rate-limit.ts'
import {
  endedThresholds,
  extendIdle,
  isSessionActive,
  newSession,
  touchIntervalMs,
  withLifetimes,
} from '../../../src/sessions/session.ts'
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
    secondFactor: null,
    ssoProfileId: null,
    userAgent: null,
    ip: null,
  })
  it('keeps only the hash of the cookie secret and a separate public sid', () => {
    assert.notEqual(session.idHash, secret)
    assert.notEqual(session.sid, secret)
    assert.equal(secret.length, 43)
  })
  it('is active until the idle deadline (with a tenth of grace) or the absolute one', () => {
    // idle 1 s: written at most every 100 ms, so judged 100 ms late at most.
    assert.equal(touchIntervalMs(lifetimes), 100)
    assert.equal(isSessionActive(session, 11_099), true)
    assert.equal(isSessionActive(session, 11_100), false)
    assert.equal(isSessionActive({ ...session, revokedAt: 10_500 }, 10_600), false)
  })
  it('writes use at most every tenth of the idle timeout (at most a minute), never past the absolute deadline', () => {
    assert.equal(extendIdle(session, lifetimes, 10_050), undefined)
    assert.equal(extendIdle(session, lifetimes, 10_100), 11_200)
    assert.equal(extendIdle(session, lifetimes, 14_500), 15_000)
    const hours = { idleMs: 7200_000, absoluteMs: 43_200_000 }
    assert.equal(touchIntervalMs(hours), 60_000)
  })
  it('never ends a session used at least once per idle timeout, whatever the gaps', () => {
    const idle = { idleMs: 60_000, absoluteMs: 3600_000 }
    const start = newSession(new ManualClock(0), idle, {
      orgId: 'o',
      userId: 'u',
      authMethod: 'pwd',
      secondFactor: null,
      ssoProfileId: null,
      userAgent: null,
      ip: null,
    }).session
    let current = start
    let now = 0
    let seed = 7
    for (let i = 0; i < 2000 && now < 3500_000; i++) {
      seed = (seed * 48271) % 2147483647
      now += 1 + (seed % 60_000)
      const judged = withLifetimes(current, idle)
      assert.equal(isSessionActive(judged, now), true, `use ${i} at ${now}`)
      const idleAt = extendIdle(judged, idle, now)
      if (idleAt !== undefined) current = { ...judged, lastSeenAt: now, idleExpiresAt: idleAt }
    }
  })
  it('thresholds: a session created or last used at them has ended', () => {
    const t = endedThresholds({ idleMs: 60_000, absoluteMs: 300_000 }, 1_000_000)
    assert.deepEqual(t, { createdBy: 700_000, lastSeenBy: 934_000 })
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
