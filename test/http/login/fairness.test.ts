/**
 * Login fairness under attack (issue 21 items 2, 4 and 8), through real HTTP on both engines, client
 * addresses from X-Forwarded-For through a trusted proxy (127.0.0.1):
 *  - a flood from a few addresses cannot fill the password queue for everyone else;
 *  - a sign-in turned away as `login.busy` does not count as a failed attempt;
 *  - an IPv6 client is throttled by its /64, not by the one address it picked.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { verifyPassword } from '../../../src/users/password.ts'
import { Browser, reasonCode } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import {
  loginBehindProxy,
  outcome,
  PASSWORD,
  passwordForm,
  WRONG_PASSWORD as WRONG,
} from './login.setup.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: a flood from a few addresses`, () => {
    // A one-core server's password settings: one argon2 slot, the default 64 places in the queue.
    const t = loginBehindProxy(dialect, { PASSWORD_CONCURRENCY: '1' })

    it('leaves a legitimate sign-in from another address unaffected (8 addresses × 45 made-up accounts)', async () => {
      const user = await t.f.addUser({ password: PASSWORD })
      const attackers = Array.from({ length: 8 }, (_, i) => `203.0.113.${i + 1}`)
      const forms = await Promise.all(
        Array.from({ length: 360 }, (_, i) =>
          passwordForm(t.config, t.f, `made-up-${i}@nowhere.test`, attackers[i % 8] as string),
        ),
      )
      const legit = await passwordForm(t.config, t.f, user.email, '192.0.2.10')
      // The user's attempt arrives in the middle of the flood: two thirds of it before, a third after.
      const before = forms.slice(0, 240).map((form) => form.submit(WRONG))
      const mine = legit.submit(PASSWORD)
      const flood = [...before, ...forms.slice(240).map((form) => form.submit(WRONG))]
      assert.equal(outcome(await mine), 'signed-in')
      const results = (await Promise.all(flood)).map(outcome)
      const busy = results.filter((o) => o === 'login.busy').length
      assert.equal(busy + results.filter((o) => o === 'login.invalid_credentials').length, 360)
      assert.ok(busy > 0, 'each address got no more than its share')
    })
  })

  describe(`${dialect}: busy refusals`, () => {
    // One slot and one queue place, and one of each per source.
    const t = loginBehindProxy(dialect, {
      PASSWORD_CONCURRENCY: '1',
      PASSWORD_QUEUE: '1',
      PASSWORD_SOURCE_SLOTS: '1',
      PASSWORD_SOURCE_QUEUE: '1',
    })

    it('does not count a sign-in refused as login.busy: six during an overload, then the right password works', async () => {
      const user = await t.f.addUser({ password: PASSWORD })
      // Two chains of password checks from another source keep the one slot and the one queue place
      // taken: each re-queues in the same turn of the event loop in which the other starts.
      let overloaded = true
      const chain = async () => {
        while (overloaded) await verifyPassword(null, 'load', 'another source').catch(() => false)
      }
      const chains = [chain(), chain()]
      try {
        for (let i = 0; i < 6; i++) {
          const page = await (
            await passwordForm(t.config, t.f, user.email, '198.51.100.20')
          ).submit(i % 2 === 0 ? WRONG : PASSWORD)
          assert.equal(outcome(page), 'login.busy', `attempt ${i + 1}`)
          assert.equal(page.status, 503)
        }
      } finally {
        overloaded = false
        await Promise.all(chains)
      }
      const after = await (
        await passwordForm(t.config, t.f, user.email, '198.51.100.20')
      ).submit(PASSWORD)
      assert.equal(outcome(after), 'signed-in', 'the busy refusals did not lock the account')
    })
  })

  describe(`${dialect}: IPv6 clients`, () => {
    const t = loginBehindProxy(dialect)

    it('counts every address of one /64 against one per-address limit (50 sign-ins per 15 minutes)', async () => {
      for (let i = 1; i <= 50; i++) {
        const form = await passwordForm(
          t.config,
          t.f,
          `guess-${i}@nowhere.test`,
          `2001:db8:5:6::${i}`,
        )
        assert.equal(outcome(await form.submit(WRONG)), 'login.invalid_credentials', `attempt ${i}`)
      }
      const next = await passwordForm(
        t.config,
        t.f,
        'guess-51@nowhere.test',
        '2001:db8:5:6:ffff::1',
      )
      const limited = await next.submit(WRONG)
      assert.equal(outcome(limited), 'login.rate_limited')
      assert.equal(limited.status, 429)
      const elsewhere = await passwordForm(
        t.config,
        t.f,
        'guess-52@nowhere.test',
        '2001:db8:5:7::1',
      )
      assert.equal(outcome(await elsewhere.submit(WRONG)), 'login.invalid_credentials')
    })

    it('locks an account for the whole /64 that guessed it, not for one address', async () => {
      const user = await t.f.addUser({ password: PASSWORD })
      for (let i = 1; i <= 5; i++) {
        const form = await passwordForm(t.config, t.f, user.email, `2001:db8:9:9::${i}`)
        assert.equal(outcome(await form.submit(WRONG)), 'login.invalid_credentials')
      }
      const sixth = await passwordForm(t.config, t.f, user.email, '2001:db8:9:9:abcd::6')
      assert.equal(outcome(await sixth.submit(PASSWORD)), 'login.locked')
      const owner = await passwordForm(t.config, t.f, user.email, '2001:db8:9:a::1')
      assert.equal(outcome(await owner.submit(PASSWORD)), 'signed-in')
    })

    it('counts password-reset requests per /64 too (20 per 15 minutes)', async () => {
      const ask = (i: number, ip: string) => {
        const browser = new Browser()
        return browser.follow(`${t.f.url}/login/forgot`).then((form) => {
          const hidden = Object.fromEntries(
            [...form.body.matchAll(/name="(tx|csrf)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
          )
          return browser.request(`${t.f.url}/login/forgot`, {
            form: { ...hidden, email: `reset-${i}@nowhere.test` },
            headers: { 'x-forwarded-for': ip },
          })
        })
      }
      for (let i = 1; i <= 20; i++) {
        assert.equal((await ask(i, `2001:db8:77:1::${i}`)).status, 200, `request ${i}`)
      }
      const limited = await ask(21, '2001:db8:77:1:1:2:3:4')
      assert.equal(limited.status, 429)
      assert.equal(reasonCode(limited.body), 'login.rate_limited')
      assert.equal((await ask(22, '2001:db8:77:2::1')).status, 200, 'another /64')
    })
  })
}
