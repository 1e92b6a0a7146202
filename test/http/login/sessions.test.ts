/**
 * Sessions, revocation, logout, invitations, throttling across instances and key rotation, end to end on
 * both databases.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import * as client from 'openid-client'
import { decodeProtectedHeader } from 'jose'
import { hashSecret } from '../../../src/platform/crypto.ts'
import { Browser, readForm, reasonCode } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import {
  CALLBACK,
  discover,
  PASSWORD,
  redeem,
  setupLogin,
  signIn,
  startLogin,
  type LoginFixture,
} from './login.setup.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: sessions and revocation`, () => {
    let f: LoginFixture
    let config: client.Configuration
    before(async () => {
      f = await setupLogin(dialect)
      config = await discover(f)
    })
    after(() => f.close())

    it('skips the login pages while the session lives, and asks again after logout', async () => {
      const user = await f.addUser({ password: PASSWORD })
      const first = await startLogin(config)
      const callback = await signIn(first, user.email, PASSWORD)
      const tokens = await redeem(config, first, callback.url)
      // Same browser, new authorization request: straight back with a code.
      const again = await startLogin(config, first.browser)
      assert.ok(
        again.emailPage.url.startsWith(CALLBACK),
        'expected a direct redirect to the client',
      )
      const second = await redeem(config, again, again.emailPage.url)
      assert.equal(second.claims()?.['sid'], tokens.claims()?.['sid'])

      // RP-initiated logout with id_token_hint and a registered post-logout URI.
      const logout = client.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token ?? '',
        post_logout_redirect_uri: 'http://127.0.0.1:9/signed-out',
        state: 'bye',
      })
      const response = await first.browser.request(logout.href)
      assert.equal(response.status, 303)
      assert.equal(response.headers.get('location'), 'http://127.0.0.1:9/signed-out?state=bye')
      assert.equal(first.browser.cookie('portcullis_session'), undefined)
      await assert.rejects(client.fetchUserInfo(config, second.access_token, user.id))
      const afterLogout = await startLogin(config, first.browser)
      assert.match(afterLogout.emailPage.body, /Email address/)
    })

    it('refuses a post-logout redirect that the client did not register', async () => {
      const response = await new Browser().request(
        `${f.url}/oauth2/logout?client_id=${f.clientId}&post_logout_redirect_uri=${encodeURIComponent('https://evil.example/')}`,
      )
      assert.equal(response.status, 400)
      assert.equal(response.headers.get('location'), null)
      assert.equal(reasonCode(response.body), 'oidc.invalid_logout_request')
    })

    it('asks for confirmation before a logout without id_token_hint, and honours only our form', async () => {
      const user = await f.addUser({ password: PASSWORD })
      const login = await startLogin(config)
      await redeem(config, login, (await signIn(login, user.email, PASSWORD)).url)
      const confirm = await login.browser.request(`${f.url}/oauth2/logout`)
      assert.equal(confirm.status, 200)
      assert.match(confirm.body, /Sign out\?/)
      assert.ok(login.browser.cookie('portcullis_session'))
      // A cross-site POST without our CSRF token does nothing.
      const forged = await login.browser.request(`${f.url}/oauth2/logout`, {
        form: { csrf: 'forged' },
      })
      assert.equal(reasonCode(forged.body), 'login.csrf_failed')
      assert.ok(login.browser.cookie('portcullis_session'))
      const done = await login.browser.submit(confirm, '/oauth2/logout', {})
      assert.match(done.body, /You are signed out/)
      assert.equal(login.browser.cookie('portcullis_session'), undefined)
    })

    it('rotates the session at every login and ends the previous one (no fixation)', async () => {
      const user = await f.addUser({ password: PASSWORD })
      const browser = new Browser()
      const first = await startLogin(config, browser)
      await redeem(config, first, (await signIn(first, user.email, PASSWORD)).url)
      const firstSecret = browser.cookie('portcullis_session') ?? ''
      const second = await startLogin(config, browser, { prompt: 'login' })
      await redeem(config, second, (await signIn(second, user.email, PASSWORD)).url)
      const secondSecret = browser.cookie('portcullis_session') ?? ''
      assert.notEqual(firstSecret, secondSecret)
      const old = await f.server.app.database.db
        .selectFrom('sessions')
        .select('revoked_at')
        .where('id_hash', '=', hashSecret(firstSecret))
        .executeTakeFirstOrThrow()
      assert.notEqual(old.revoked_at, null)
    })

    it('ends an idle session (two hours, and the minute of grace its use is written with)', async () => {
      const user = await f.addUser({ password: PASSWORD })
      const login = await startLogin(config)
      await redeem(config, login, (await signIn(login, user.email, PASSWORD)).url)
      f.clock.advance(2 * 3600_000 + 60_000)
      const again = await startLogin(config, login.browser)
      assert.match(again.emailPage.body, /Email address/)
    })

    it('deactivating a user kills their sessions, pending codes and tokens at once', async () => {
      const user = await f.addUser({ password: PASSWORD })
      const login = await startLogin(config)
      const tokens = await redeem(config, login, (await signIn(login, user.email, PASSWORD)).url)
      const pending = await startLogin(config, login.browser)
      assert.ok(pending.emailPage.url.startsWith(CALLBACK))
      await f.server.app.services.users.deactivateUser(f.orgId, user.id, {
        type: 'operator',
        id: 'test',
      })
      await assert.rejects(client.fetchUserInfo(config, tokens.access_token, user.id))
      await assert.rejects(
        redeem(config, pending, pending.emailPage.url),
        (e: client.ResponseBodyError) => e.error === 'invalid_grant',
      )
      const next = await startLogin(config, login.browser)
      assert.match(next.emailPage.body, /Email address/)
      const live = await f.server.app.database.db
        .selectFrom('sessions')
        .select('id_hash')
        .where('user_id', '=', user.id)
        .where('revoked_at', 'is', null)
        .execute()
      assert.deepEqual(live, [])
    })

    it('counts failed logins across two instances sharing the database', async () => {
      const other = await f.startAnother()
      const otherConfig = await client.discovery(
        new URL(other.url),
        f.clientId,
        undefined,
        client.None(),
        {
          execute: [client.allowInsecureRequests],
        },
      )
      const user = await f.addUser({ password: PASSWORD })
      for (let i = 0; i < 5; i++) {
        const instance = i % 2 === 0 ? config : otherConfig
        const attempt = await signIn(await startLogin(instance), user.email, 'wrong password here')
        assert.equal(reasonCode(attempt.body), 'login.invalid_credentials')
      }
      for (const instance of [config, otherConfig]) {
        const locked = await signIn(await startLogin(instance), user.email, PASSWORD)
        assert.equal(reasonCode(locked.body), 'login.locked')
      }
    })

    it('activates an invited user through the invitation link, once', async () => {
      const { inviteUrl, adminUserId } = await f.server.app.services.orgs.createOrganization(
        { name: 'Invited Co', adminEmail: `owner@invited-${f.domain}` },
        { type: 'operator', id: 'test' },
      )
      const browser = new Browser()
      const link = inviteUrl.replace(/^https?:\/\/[^/]+/, f.url)
      const form = await browser.request(link)
      assert.equal(form.status, 200)
      // Every rule is said before the first try, not only after a refusal (issue 27).
      assert.match(
        form.body,
        /At least 12 characters, without the part of your email address before the @/,
      )
      const short = await browser.submit(form, new URL(link).pathname, {
        password: 'short',
        confirm: 'short',
      })
      assert.equal(reasonCode(short.body), 'password.too_short')
      const mismatch = await browser.submit(form, new URL(link).pathname, {
        password: PASSWORD,
        confirm: `${PASSWORD}!`,
      })
      assert.equal(reasonCode(mismatch.body), 'password.mismatch')
      const done = await browser.request(`${f.url}${new URL(link).pathname}`, {
        method: 'POST',
        form: {
          ...readForm(form.body, new URL(link).pathname).hidden,
          password: PASSWORD,
          confirm: PASSWORD,
        },
      })
      // The owner is signed in and lands in the Admin Center (issue 27).
      assert.equal(done.status, 303)
      assert.equal(done.headers.get('location'), '/admin')
      const session = await f.server.app.services.sessions.resolve(
        browser.cookie('portcullis_session'),
      )
      assert.equal(session?.userId, adminUserId)
      const reuse = await new Browser().request(link)
      assert.equal(reasonCode(reuse.body), 'invite.invalid')
      const login = await startLogin(config)
      const tokens = await redeem(
        config,
        login,
        (await signIn(login, `owner@invited-${f.domain}`, PASSWORD)).url,
      )
      assert.equal(tokens.claims()?.sub, adminUserId)
    })

    it('rotates the signing key with an overlap: both published, new tokens signed by the new one', async () => {
      // The RS256 keys (ES256 and EdDSA keys are published beside them and rotate the same way).
      const rs256 = async () =>
        (
          (await (await fetch(`${f.url}/oauth2/jwks`)).json()) as {
            keys: { kid: string; alg: string }[]
          }
        ).keys.filter((k) => k.alg === 'RS256')
      const before = await rs256()
      const kid = await f.server.app.services.keys.rotate('oidc')
      const during = await rs256()
      assert.equal(during.length, before.length + 1)
      assert.equal(during[0]?.kid, kid)
      const login = await startLogin(config)
      const tokens = await redeem(config, login, (await signIn(login, f.owner.email, PASSWORD)).url)
      assert.equal(decodeProtectedHeader(tokens.id_token ?? '').kid, kid)
      assert.ok((await f.server.app.services.keys.retire('oidc')) >= 1)
      assert.deepEqual(
        (await rs256()).map((k) => k.kid),
        [kid],
      )
    })
  })
}
