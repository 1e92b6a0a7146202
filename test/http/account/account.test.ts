/**
 * The account page (issue 25), over HTTP on both engines: who is signed in, authenticator apps (the key
 * read off the page, codes from an independent library, otpauth), recovery codes shown once, rename and
 * remove (a fresh sign-in needed; never the last factor where the organization requires one), the
 * password change (current password counted, other sessions ended, the console told), the person's
 * sessions (sign out one, or all others; another person's session untouchable), CSRF, and SSO users.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { appFromPage } from '../../helpers/totp-page.ts'
import { Browser, readForm, reasonCode, type PageResponse } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import {
  loginBehindProxy,
  PASSWORD,
  signIn,
  startLogin,
  type LoginFixture,
} from '../login/login.setup.ts'
import type { User } from '../../../src/users/user.ts'

const NEW_PASSWORD = 'a different and longer passphrase'

for (const dialect of DIALECTS) {
  describe(`${dialect}: the account page`, () => {
    const t = loginBehindProxy(dialect)

    /** A browser signed in as `user` (through a console's sign-in), on its account page. */
    const signedIn = async (user: User, ip = '198.51.100.60', password = PASSWORD) => {
      const browser = new Browser(`test-browser ${ip}`, { 'x-forwarded-for': ip })
      const done = await signIn(await startLogin(t.config, browser), user.email, password)
      assert.equal(done.status, 303)
      const page = await browser.request(`${t.f.url}/account`)
      assert.equal(page.status, 200)
      return { browser, page }
    }
    /** Submits a form of `page` without following a redirect (where it goes is what is tested). */
    const post = (browser: Browser, page: PageResponse, action: string, fields = {}) =>
      browser.request(`${t.f.url}${action}`, {
        method: 'POST',
        form: { ...readForm(page.body, action).hidden, ...fields },
      })
    const account = (browser: Browser) => browser.request(`${t.f.url}/account`)
    const factorsOf = (f: LoginFixture, user: User) =>
      f.server.app.services.factors.list(user.orgId, user.id)

    it('sends a browser without a session through the login pages, and back', async () => {
      const browser = new Browser()
      const page = await browser.request(`${t.f.url}/account`)
      assert.equal(page.status, 303)
      const to = new URL(page.headers.get('location') ?? '')
      assert.equal(to.pathname, '/oauth2/authorize')
      assert.equal(to.searchParams.get('client_id'), 'portcullis-admin-center')
    })

    it('shows who is signed in and where, and adds, names and removes authenticator apps', async () => {
      const user = await t.f.addUser({ password: PASSWORD, givenName: 'Ada', familyName: 'Byron' })
      const { browser, page } = await signedIn(user)
      assert.match(page.body, /Ada Byron/)
      assert.match(page.body, new RegExp(user.email.replace('.', '\\.')))
      assert.match(page.body, /Acme/)
      assert.match(page.body, /This browser/)
      assert.match(page.body, /test-browser 198\.51\.100\.60/)

      const setup = await post(browser, page, '/account/totp', { name: 'Work phone' })
      assert.equal(setup.status, 200)
      assert.match(setup.body, /<svg aria-hidden="true"/)
      const app = appFromPage(setup.body)
      const wrong = await post(browser, setup, '/account/totp/confirm', { code: '000000' })
      assert.equal(wrong.status, 400)
      assert.equal(reasonCode(wrong.body), 'factor.invalid_code')
      const codes = await post(browser, wrong, '/account/totp/confirm', {
        code: app.generate({ timestamp: t.f.clock.now() }),
      })
      assert.equal(codes.status, 200)
      assert.equal([...codes.body.matchAll(/<li><code>[^<]+<\/code><\/li>/g)].length, 10)
      const [factor] = await factorsOf(t.f, user)
      assert.equal(factor?.name, 'Work phone')
      assert.notEqual(factor?.confirmedAt, null)

      const listed = await account(browser)
      assert.match(listed.body, /You have 10 unused recovery codes/)
      const renamed = await post(browser, listed, '/account/factors/rename', {
        factorId: factor?.id ?? '',
        name: 'Old phone',
      })
      assert.equal(renamed.headers.get('location'), '/account?done=factor_renamed')
      assert.equal((await factorsOf(t.f, user))[0]?.name, 'Old phone')

      const removed = await post(browser, listed, '/account/factors/remove', {
        factorId: factor?.id ?? '',
      })
      assert.equal(removed.headers.get('location'), '/account?done=factor_removed')
      assert.deepEqual(await factorsOf(t.f, user), [])
    })

    it('asks for a fresh sign-in before removing a factor, and never removes the last required one', async () => {
      const user = await t.f.addUser({ password: PASSWORD })
      const { browser, page } = await signedIn(user)
      const setup = await post(browser, page, '/account/totp')
      await post(browser, setup, '/account/totp/confirm', {
        code: appFromPage(setup.body).generate({ timestamp: t.f.clock.now() }),
      })
      const [factor] = await factorsOf(t.f, user)
      const listed = await account(browser)

      await t.f.server.app.services.settings.update(
        t.f.orgId,
        { passwordUserMfa: 'required' },
        { type: 'user', id: 'admin' },
      )
      try {
        const refused = await post(browser, listed, '/account/factors/remove', {
          factorId: factor?.id ?? '',
        })
        assert.equal(refused.status, 409)
        assert.equal(reasonCode(refused.body), 'factor.required')
        assert.equal((await factorsOf(t.f, user)).length, 1)
      } finally {
        await t.f.server.app.services.settings.update(
          t.f.orgId,
          { passwordUserMfa: null },
          { type: 'user', id: 'admin' },
        )
      }

      t.f.clock.advance(6 * 60_000)
      const stale = await post(browser, listed, '/account/factors/remove', {
        factorId: factor?.id ?? '',
      })
      assert.equal(stale.status, 303)
      const again = new URL(stale.headers.get('location') ?? '')
      assert.equal(again.pathname, '/oauth2/authorize')
      assert.equal(again.searchParams.get('max_age'), '0')
      assert.equal((await factorsOf(t.f, user)).length, 1, 'nothing removed')
    })

    it('changes the password after the current one, ending the other sessions', async () => {
      const user = await t.f.addUser({ password: PASSWORD })
      const one = await signedIn(user, '198.51.100.61')
      const two = await signedIn(user, '198.51.100.62')
      assert.match((await account(one.browser)).body, /Sign out everywhere else/)

      const wrong = await post(one.browser, one.page, '/account/password', {
        current: 'not my password',
        password: NEW_PASSWORD,
        confirm: NEW_PASSWORD,
      })
      assert.equal(wrong.status, 401)
      assert.equal(reasonCode(wrong.body), 'login.invalid_credentials')
      const mismatch = await post(one.browser, one.page, '/account/password', {
        current: PASSWORD,
        password: NEW_PASSWORD,
        confirm: `${NEW_PASSWORD}!`,
      })
      assert.equal(reasonCode(mismatch.body), 'password.mismatch')

      const changed = await post(one.browser, one.page, '/account/password', {
        current: PASSWORD,
        password: NEW_PASSWORD,
        confirm: NEW_PASSWORD,
      })
      assert.equal(changed.headers.get('location'), '/account?done=password')
      assert.equal((await account(one.browser)).status, 200, 'this session stays')
      assert.equal((await account(two.browser)).status, 303, 'the other one ended')
      const page = await t.f.server.app.services.events.list({
        orgId: t.f.orgId,
        types: ['session.revoked'],
        limit: 500,
      })
      assert.ok(
        page.events.some(
          (e) => e.data['userId'] === user.id && e.data['reason'] === 'password_change',
        ),
      )
      const old = await signIn(await startLogin(t.config), user.email, PASSWORD)
      assert.equal(reasonCode(old.body), 'login.invalid_credentials')
      await signedIn(user, '198.51.100.63', NEW_PASSWORD)
    })

    it('signs out one other session, or all others, and never another person’s', async () => {
      const user = await t.f.addUser({ password: PASSWORD })
      const stranger = await t.f.addUser({ password: PASSWORD })
      const here = await signedIn(user, '198.51.100.64')
      const there = await signedIn(user, '198.51.100.65')
      const elsewhere = await signedIn(user, '198.51.100.66')
      const theirs = await signedIn(stranger, '198.51.100.67')
      const sidOf = async (browser: Browser) =>
        (await t.f.server.app.services.sessions.resolve(browser.cookie('portcullis_session')))
          ?.sid ?? ''

      const foreign = await post(
        here.browser,
        await account(here.browser),
        '/account/sessions/sign-out',
        {
          sid: await sidOf(theirs.browser),
        },
      )
      assert.equal(foreign.status, 303)
      assert.equal((await account(theirs.browser)).status, 200, 'another person’s session stands')

      const page = await account(here.browser)
      const one = await post(here.browser, page, '/account/sessions/sign-out', {
        sid: await sidOf(there.browser),
      })
      assert.equal(one.headers.get('location'), '/account?done=signed_out')
      assert.equal((await account(there.browser)).status, 303)
      assert.equal((await account(elsewhere.browser)).status, 200)

      const rest = await post(here.browser, page, '/account/sessions/sign-out', { others: '1' })
      assert.equal(rest.status, 303)
      assert.equal((await account(elsewhere.browser)).status, 303)
      assert.equal((await account(here.browser)).status, 200)
    })

    it('refuses a form without the session’s CSRF token, changing nothing', async () => {
      const user = await t.f.addUser({ password: PASSWORD })
      const { browser } = await signedIn(user)
      const forged = await browser.request(`${t.f.url}/account/password`, {
        method: 'POST',
        form: { csrf: 'forged', current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD },
      })
      assert.equal(forged.status, 403)
      assert.equal(reasonCode(forged.body), 'login.csrf_failed')
      await signedIn(user, '198.51.100.68', PASSWORD)
    })

    it('tells an SSO user their IdP decides, and offers them no password or factor', async () => {
      const user = await t.f.addUser({ password: PASSWORD })
      const { browser, page } = await signedIn(user)
      // The user's password goes (an SSO-only account from here on).
      await t.f.server.app.database.db
        .updateTable('users')
        .set({ password_hash: null })
        .where('id', '=', user.id)
        .execute()
      const now = await account(browser)
      assert.match(now.body, /identity provider/)
      assert.throws(() => readForm(now.body, '/account/password'))
      assert.throws(() => readForm(now.body, '/account/totp'))
      const refused = await post(browser, page, '/account/totp')
      assert.equal(refused.status, 409)
      assert.equal(reasonCode(refused.body), 'factor.sso_user')
    })
  })
}
