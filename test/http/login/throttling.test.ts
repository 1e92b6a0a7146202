/**
 * Password throttling end to end on both databases (SPEC §3.4): attempts are counted before the
 * password is checked, so concurrent guesses cannot pass the limit; the lock is per account and client
 * address (it hurts the attacker, not the victim); the account alone is slowed down, never locked.
 * Client addresses come from X-Forwarded-For through a trusted proxy (127.0.0.1).
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import {
  auditCount,
  loginBehindProxy,
  outcome,
  PASSWORD,
  passwordForm,
  WRONG_PASSWORD as WRONG,
} from './login.setup.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: password throttling`, () => {
    const t = loginBehindProxy(dialect)

    /** A login transaction at the password page of `email`, from client address `ip`. */
    const passwordPage = (email: string, ip: string) => passwordForm(t.config, t.f, email, ip)

    it('lets at most 5 of 30 simultaneous guesses be checked, whatever their order', async () => {
      const user = await t.f.addUser({ password: PASSWORD })
      const pages = []
      for (let i = 0; i < 30; i++) pages.push(await passwordPage(user.email, '198.51.100.7'))
      const results = await Promise.all(pages.map((p, i) => p.submit(i === 17 ? PASSWORD : WRONG)))
      const outcomes = results.map(outcome)
      const checked = outcomes.filter((o) => o === 'login.invalid_credentials' || o === 'signed-in')
      assert.ok(checked.length <= 5, outcomes.join())
      assert.equal(checked.length + outcomes.filter((o) => o === 'login.locked').length, 30)
      const locked = results.find((r) => outcome(r) === 'login.locked')
      assert.equal(locked?.status, 429)
      assert.equal(locked?.headers.get('retry-after'), '60')
    })

    it('locks the account for the guessing address only; the owner signs in from elsewhere', async () => {
      const user = await t.f.addUser({ password: PASSWORD })
      const attacker = '203.0.113.9'
      for (let i = 0; i < 5; i++) {
        assert.equal(
          outcome(await (await passwordPage(user.email, attacker)).submit(WRONG)),
          'login.invalid_credentials',
        )
      }
      const audited = await auditCount(t.f, 'login.failed', 'login.locked')
      // The sixth, even with the right password, is locked at that address.
      const sixth = await (await passwordPage(user.email, attacker)).submit(PASSWORD)
      assert.equal(outcome(sixth), 'login.locked')
      assert.equal(sixth.status, 429)
      assert.equal(await auditCount(t.f, 'login.failed', 'login.locked'), audited + 1)
      // The victim, from their own address, is not locked out.
      const victim = await (await passwordPage(user.email, '192.0.2.44')).submit(PASSWORD)
      assert.equal(outcome(victim), 'signed-in')
      // After the lock (1 minute) the attacker's address gets one more attempt, then 2 minutes.
      t.f.clock.advance(60_000)
      assert.equal(
        outcome(await (await passwordPage(user.email, attacker)).submit(WRONG)),
        'login.invalid_credentials',
      )
      assert.equal(
        outcome(await (await passwordPage(user.email, attacker)).submit(PASSWORD)),
        'login.locked',
      )
    })

    it('slows an account guessed from many addresses down instead of locking it', async () => {
      const user = await t.f.addUser({ password: PASSWORD })
      const start = t.f.clock.sleeps.length
      for (let i = 0; i < 20; i++) {
        const page = await passwordPage(user.email, `198.18.0.${i + 1}`)
        assert.equal(outcome(await page.submit(WRONG)), 'login.invalid_credentials')
      }
      assert.deepEqual(
        t.f.clock.sleeps.slice(start).filter((ms) => ms > 0),
        [],
        'the first 20 attempts are not delayed',
      )
      const delays: number[] = []
      for (let i = 0; i < 5; i++) {
        const before = t.f.clock.sleeps.length
        const page = await passwordPage(user.email, `198.18.1.${i + 1}`)
        assert.equal(outcome(await page.submit(WRONG)), 'login.invalid_credentials')
        delays.push(...t.f.clock.sleeps.slice(before))
      }
      // Slots 1 s, 2 s, 4 s, 8 s apart, each attempt waiting for its own (the clock stands still).
      assert.deepEqual(delays, [0, 1_000, 3_000, 7_000, 15_000])
      // The next slot is over 30 s away: refused with a time to come back, not locked.
      const full = await (await passwordPage(user.email, '198.18.2.1')).submit(PASSWORD)
      assert.equal(outcome(full), 'login.rate_limited')
      assert.ok(Number(full.headers.get('retry-after')) >= 1)
      t.f.clock.advance(16_000)
      const owner = await (await passwordPage(user.email, '198.18.2.2')).submit(PASSWORD)
      assert.equal(outcome(owner), 'signed-in')
    })
  })
}
