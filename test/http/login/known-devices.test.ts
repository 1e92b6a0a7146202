/**
 * A targeted account cannot be kept out of its owner's browser (issue 21 item 3): a distributed guessing
 * attack slows the account down for unknown sources, but a browser the account has signed in from
 * before (its device cookie) passes the account-wide slow-down — still under its own address's limits.
 * The cookie is an opaque secret per browser; only its hash is stored, per user; deactivation and a
 * password reset forget it. Through real HTTP on both engines; addresses from X-Forwarded-For.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Browser } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import {
  loginBehindProxy,
  outcome,
  PASSWORD,
  passwordForm,
  WRONG_PASSWORD as WRONG,
} from './login.setup.ts'
const DEVICE = 'portcullis_device'

for (const dialect of DIALECTS) {
  describe(`${dialect}: known devices and a targeted account`, () => {
    const t = loginBehindProxy(dialect)

    /** 25 wrong guesses from 5 addresses, then one every 30 s: the account's next slot is over 30 s away. */
    const attack = async (email: string) => {
      for (let i = 0; i < 25; i++) {
        const form = await passwordForm(
          t.config,
          t.f,
          email,
          `198.18.${Math.floor(i / 5)}.${i % 5}`,
        )
        assert.equal(outcome(await form.submit(WRONG)), 'login.invalid_credentials')
      }
      // …then one more every 30 s takes each slot as it comes and keeps the next one 30 s out.
      t.f.clock.advance(30_000)
      const more = await passwordForm(t.config, t.f, email, '198.18.9.9')
      assert.equal(outcome(await more.submit(WRONG)), 'login.invalid_credentials')
    }

    it('sets a long-lived, HttpOnly device cookie at a sign-in, the same secret at the next one', async () => {
      const user = await t.f.addUser({ password: PASSWORD })
      const browser = new Browser()
      const first = await passwordForm(t.config, t.f, user.email, '192.0.2.1', browser)
      const signedIn = await first.submit(PASSWORD)
      assert.equal(outcome(signedIn), 'signed-in')
      const line = signedIn.headers.getSetCookie().find((c) => c.startsWith(`${DEVICE}=`)) ?? ''
      assert.match(line, /HttpOnly/)
      assert.match(line, /SameSite=Lax/)
      assert.match(line, new RegExp(`Max-Age=${180 * 24 * 3600}`))
      const secret = browser.cookie(DEVICE)
      assert.match(secret ?? '', /^dev_/)
      const rows = await t.f.server.app.database.db
        .selectFrom('known_devices')
        .selectAll()
        .where('user_id', '=', user.id)
        .execute()
      assert.equal(rows.length, 1)
      assert.notEqual(rows[0]?.device_hash, secret, 'only the hash is stored')
      const again = await passwordForm(t.config, t.f, user.email, '192.0.2.1', browser)
      assert.equal(outcome(await again.submit(PASSWORD)), 'signed-in')
      assert.equal(browser.cookie(DEVICE), secret)
    })

    it('lets the owner’s browser in during a distributed attack; other browsers wait', async () => {
      const user = await t.f.addUser({ password: PASSWORD })
      const owners = new Browser()
      const before = await passwordForm(t.config, t.f, user.email, '192.0.2.50', owners)
      assert.equal(outcome(await before.submit(PASSWORD)), 'signed-in')
      await attack(user.email)
      // The owner, from their own address, in the browser they signed in from before.
      const mine = await passwordForm(t.config, t.f, user.email, '192.0.2.50', owners)
      assert.equal(outcome(await mine.submit(PASSWORD)), 'signed-in')
      // The same owner in a new browser is slowed down like anyone (said in the README).
      const fresh = await passwordForm(t.config, t.f, user.email, '192.0.2.50')
      assert.equal(outcome(await fresh.submit(PASSWORD)), 'login.rate_limited')
      // A made-up device cookie does not help.
      const forged = new Browser()
      forged.setCookie(DEVICE, 'dev_' + 'A'.repeat(43))
      const guess = await passwordForm(t.config, t.f, user.email, '192.0.2.51', forged)
      assert.equal(outcome(await guess.submit(PASSWORD)), 'login.rate_limited')
    })

    it('keeps the per-address lock for a known browser: five wrong guesses lock it out too', async () => {
      const user = await t.f.addUser({ password: PASSWORD })
      const browser = new Browser()
      const first = await passwordForm(t.config, t.f, user.email, '192.0.2.60', browser)
      assert.equal(outcome(await first.submit(PASSWORD)), 'signed-in')
      for (let i = 0; i < 5; i++) {
        const form = await passwordForm(t.config, t.f, user.email, '192.0.2.60', browser)
        assert.equal(outcome(await form.submit(WRONG)), 'login.invalid_credentials')
      }
      const sixth = await passwordForm(t.config, t.f, user.email, '192.0.2.60', browser)
      assert.equal(outcome(await sixth.submit(PASSWORD)), 'login.locked')
    })

    it('knows a browser per user: another account’s device cookie does not help', async () => {
      const victim = await t.f.addUser({ password: PASSWORD })
      const other = await t.f.addUser({ password: PASSWORD })
      const shared = new Browser()
      const form = await passwordForm(t.config, t.f, other.email, '192.0.2.70', shared)
      assert.equal(outcome(await form.submit(PASSWORD)), 'signed-in')
      await attack(victim.email)
      const tried = await passwordForm(t.config, t.f, victim.email, '192.0.2.70', shared)
      assert.equal(outcome(await tried.submit(PASSWORD)), 'login.rate_limited')
    })

    it('forgets the user’s browsers when the user is deactivated', async () => {
      const user = await t.f.addUser({ password: PASSWORD })
      const browser = new Browser()
      const form = await passwordForm(t.config, t.f, user.email, '192.0.2.80', browser)
      assert.equal(outcome(await form.submit(PASSWORD)), 'signed-in')
      const { secret } = await t.f.server.app.services.apiTokens.create(t.f.orgId, 'test', {
        type: 'operator',
        id: 'test',
      })
      for (const action of ['deactivate', 'reactivate']) {
        const answer = await fetch(
          `${t.f.url}/api/v1/orgs/${t.f.orgId}/users/${user.id}/${action}`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${secret}` },
          },
        )
        assert.equal(answer.status, 200)
      }
      await attack(user.email)
      const after = await passwordForm(t.config, t.f, user.email, '192.0.2.80', browser)
      assert.equal(outcome(await after.submit(PASSWORD)), 'login.rate_limited')
    })
  })
}
