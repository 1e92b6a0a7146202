/**
 * The OIDC details that clients rely on, end to end on both databases: `max_age` and `prompt=login`
 * (OIDC Core §3.1.2.1), the authorization endpoint by POST, RP-Initiated Logout by POST (§2), the
 * Bearer scheme in any case (RFC 7235 §2.1), and HSTS when the public URL is https (RFC 6797).
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import * as client from 'openid-client'
import { startServer } from '../../../src/main.ts'
import { createLogger } from '../../../src/platform/log.ts'
import { Browser } from '../../helpers/browser.ts'
import { testConfig } from '../../helpers/config.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { freePort } from '../../helpers/processes.ts'
import {
  authorizationRequest,
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
  describe(`${dialect}: OIDC request parameters`, () => {
    let f: LoginFixture
    let config: client.Configuration
    before(async () => {
      f = await setupLogin(dialect)
      config = await discover(f)
    })
    after(() => f.close())

    /** A browser with a fresh password session, and the tokens of that login. */
    const signedIn = async () => {
      const user = await f.addUser({ password: PASSWORD })
      const login = await startLogin(config)
      const tokens = await redeem(config, login, (await signIn(login, user.email, PASSWORD)).url)
      return { user, browser: login.browser, tokens }
    }
    const callbackParams = (url: string) => new URL(url).searchParams

    it('answers prompt=none with login_required when the session is older than max_age', async () => {
      const { browser } = await signedIn()
      f.clock.advance(3_000)
      const stale = await startLogin(config, browser, { prompt: 'none', max_age: '1' })
      assert.ok(stale.emailPage.url.startsWith(CALLBACK))
      assert.equal(callbackParams(stale.emailPage.url).get('error'), 'login_required')
      assert.equal(callbackParams(stale.emailPage.url).get('code'), null)
      // Positive control: the same session satisfies a max_age it is younger than.
      const fresh = await startLogin(config, browser, { prompt: 'none', max_age: '60' })
      assert.ok(callbackParams(fresh.emailPage.url).get('code'))
    })

    it('asks for the password again with max_age=0 and puts auth_time in the ID token', async () => {
      const { user, browser } = await signedIn()
      const again = await startLogin(config, browser, { max_age: '0' })
      assert.equal(again.emailPage.status, 200)
      assert.match(again.emailPage.body, /Email address/)
      f.clock.advance(5_000)
      const callback = await signIn(again, user.email, PASSWORD)
      const tokens = await redeem(config, again, callback.url)
      assert.equal(tokens.claims()?.auth_time, Math.floor(f.clock.now() / 1000))
    })

    it('asks again with prompt=login although the session lives', async () => {
      const { browser } = await signedIn()
      const again = await startLogin(config, browser, { prompt: 'login' })
      assert.equal(again.emailPage.status, 200)
      assert.match(again.emailPage.body, /Email address/)
    })

    it('refuses a malformed max_age at the client redirect URI', async () => {
      const { url } = await authorizationRequest(config, { max_age: '-1' })
      const response = await new Browser().request(url.href)
      assert.equal(response.status, 303)
      const location = new URL(response.headers.get('location') ?? '')
      assert.equal(location.searchParams.get('error'), 'invalid_request')
    })

    it('takes the authorization request as a POSTed form', async () => {
      const { browser } = await signedIn()
      const { url, verifier, state } = await authorizationRequest(config)
      const form = Object.fromEntries(url.searchParams)
      const response = await browser.request(`${f.url}/oauth2/authorize`, { form })
      assert.equal(response.status, 303)
      const location = response.headers.get('location') ?? ''
      assert.ok(location.startsWith(CALLBACK), location)
      const tokens = await client.authorizationCodeGrant(config, new URL(location), {
        pkceCodeVerifier: verifier,
        expectedState: state,
      })
      assert.ok(tokens.access_token)
      // A browser without a session is sent to the login pages, as with GET.
      const anonymous = await new Browser().request(`${f.url}/oauth2/authorize`, { form })
      assert.match(anonymous.headers.get('location') ?? '', /^\/login\?tx=/)
    })

    it('ends the session on a logout POSTed by the client with id_token_hint', async () => {
      const { browser, tokens } = await signedIn()
      const response = await browser.request(`${f.url}/oauth2/logout`, {
        form: {
          id_token_hint: tokens.id_token ?? '',
          post_logout_redirect_uri: 'http://127.0.0.1:9/signed-out',
          state: 'bye',
        },
      })
      assert.equal(response.status, 303)
      assert.equal(response.headers.get('location'), 'http://127.0.0.1:9/signed-out?state=bye')
      assert.equal(browser.cookie('portcullis_session'), undefined)
      await assert.rejects(
        client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck),
      )
    })

    it('accepts the Bearer scheme in any case at userinfo', async () => {
      const { tokens, user } = await signedIn()
      for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
        const response = await fetch(`${f.url}/oauth2/userinfo`, {
          headers: { authorization: `${scheme} ${tokens.access_token}` },
        })
        assert.equal(response.status, 200, scheme)
        assert.equal(((await response.json()) as { sub: string }).sub, user.id)
      }
      const malformed = await fetch(`${f.url}/oauth2/userinfo`, {
        headers: { authorization: `Bearer ${tokens.access_token} extra` },
      })
      assert.equal(malformed.status, 401)
    })

    it('sends Strict-Transport-Security only when PUBLIC_URL is https', async () => {
      assert.equal((await fetch(`${f.url}/healthz`)).headers.get('strict-transport-security'), null)
      const port = await freePort()
      const secure = await startServer(
        testConfig(f.target.url, { PORT: String(port), PUBLIC_URL: 'https://login.example.test' }),
        createLogger('silent'),
      )
      try {
        for (const path of ['/healthz', '/.well-known/openid-configuration', '/nowhere']) {
          const response = await fetch(`${secure.url}${path}`)
          assert.equal(response.headers.get('strict-transport-security'), 'max-age=31536000', path)
        }
      } finally {
        await secure.shutdown()
      }
    })
  })
}
