/**
 * The login front door end to end, on both databases: openid-client (unmodified) against the real
 * server, through the real pages. Each refusal asserts its code, that no session was created, and the
 * audit event (STYLE rule 36); the happy path is the positive control built by the same helpers.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import * as client from 'openid-client'
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { Browser, reasonCode } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import {
  CALLBACK,
  countSessions,
  discover,
  auditCount,
  PASSWORD,
  redeem,
  setupLogin,
  signIn,
  startLogin,
  type LoginFixture,
} from './login.setup.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: login with openid-client`, () => {
    let f: LoginFixture
    let config: client.Configuration
    before(async () => {
      f = await setupLogin(dialect)
      config = await discover(f)
    })
    after(() => f.close())

    it('discovers, logs in by password and verifies the ID token against the JWKS', async () => {
      const login = await startLogin(config)
      assert.equal(login.emailPage.status, 200)
      const callback = await signIn(login, f.owner.email, PASSWORD)
      assert.equal(callback.status, 303)
      assert.ok(callback.url.startsWith(`${CALLBACK}?`))
      const tokens = await redeem(config, login, callback.url)
      const claims = tokens.claims()
      assert.ok(claims)
      assert.equal(claims.sub, f.owner.id)
      assert.equal(claims['email'], f.owner.email)
      assert.equal(claims['org_id'], f.orgId)
      assert.deepEqual(claims['amr'], ['pwd'])
      assert.equal(typeof claims['sid'], 'string')
      // Independently of openid-client: the signature verifies with the published JWKS.
      const jwks = (await (await fetch(`${f.url}/oauth2/jwks`)).json()) as { keys: [] }
      const { payload } = await jwtVerify(tokens.id_token ?? '', createLocalJWKSet(jwks), {
        issuer: f.url,
        audience: f.clientId,
      })
      assert.equal(payload.sub, f.owner.id)
      const userinfo = await client.fetchUserInfo(config, tokens.access_token, f.owner.id)
      assert.equal(userinfo['org_id'], f.orgId)
      assert.ok((await auditCount(f, 'login.succeeded')) >= 1)
    })

    it('signs ID tokens with the algorithm each client registered (RS256, ES256, EdDSA)', async () => {
      const jwks = (await (await fetch(`${f.url}/oauth2/jwks`)).json()) as {
        keys: { alg: string; kid: string }[]
      }
      assert.deepEqual(jwks.keys.map((k) => k.alg).sort(), ['ES256', 'EdDSA', 'RS256'])
      for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
        const { clientId } = await f.server.app.services.clients.createClient({
          name: `Console ${alg}`,
          redirectUris: [CALLBACK],
          idTokenAlg: alg,
          confidential: false,
        })
        const algConfig = await client.discovery(
          new URL(f.url),
          clientId,
          undefined,
          client.None(),
          {
            execute: [client.allowInsecureRequests],
          },
        )
        const login = await startLogin(algConfig)
        const callback = await signIn(login, f.owner.email, PASSWORD)
        const tokens = await redeem(algConfig, login, callback.url)
        const header = decodeProtectedHeader(tokens.id_token ?? '')
        assert.equal(header.alg, alg)
        assert.ok(jwks.keys.some((k) => k.kid === header.kid && k.alg === alg))
        const { payload } = await jwtVerify(tokens.id_token ?? '', createLocalJWKSet(jwks), {
          issuer: f.url,
          audience: clientId,
          algorithms: [alg],
        })
        assert.equal(payload.sub, f.owner.id)
      }
      await assert.rejects(
        f.server.app.services.clients.createClient({
          name: 'Bad',
          redirectUris: [CALLBACK],
          idTokenAlg: 'HS256',
          confidential: false,
        }),
        /ID token algorithm/,
      )
    })

    it('serves discovery with S256 as the only PKCE method and the code flow only', async () => {
      const doc = (await (
        await fetch(`${f.url}/.well-known/openid-configuration`)
      ).json()) as Record<string, unknown>
      assert.equal(doc['issuer'], f.url)
      assert.deepEqual(doc['code_challenge_methods_supported'], ['S256'])
      assert.deepEqual(doc['response_types_supported'], ['code'])
      assert.equal(doc['end_session_endpoint'], `${f.url}/oauth2/logout`)
    })

    describe('refuses, leaving no session behind', () => {
      const authorizeUrl = (params: Record<string, string>): string => {
        const url = new URL(`${f.url}/oauth2/authorize`)
        for (const [k, v] of Object.entries({
          client_id: f.clientId,
          redirect_uri: CALLBACK,
          response_type: 'code',
          scope: 'openid email',
          state: 'st',
          ...params,
        })) {
          if (v !== '') url.searchParams.set(k, v)
        }
        return url.href
      }
      const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'

      it('an authorization request without PKCE (error to the client, no login page)', async () => {
        const before = await countSessions(f)
        const browser = new Browser()
        const response = await browser.request(authorizeUrl({}))
        assert.equal(response.status, 303)
        const location = new URL(response.headers.get('location') ?? '')
        assert.equal(location.origin + location.pathname, CALLBACK)
        assert.equal(location.searchParams.get('error'), 'invalid_request')
        assert.equal(location.searchParams.get('state'), 'st')
        assert.equal(location.searchParams.get('code'), null)
        assert.equal(await countSessions(f), before)
      })

      it('plain PKCE', async () => {
        const response = await new Browser().request(
          authorizeUrl({ code_challenge: challenge, code_challenge_method: 'plain' }),
        )
        const location = new URL(response.headers.get('location') ?? '')
        assert.equal(location.searchParams.get('error'), 'invalid_request')
        assert.equal(location.searchParams.get('code'), null)
      })

      it('an unregistered redirect URI, on our own page and never by redirect', async () => {
        const browser = new Browser()
        const response = await browser.request(
          authorizeUrl({
            redirect_uri: 'https://evil.example/callback',
            code_challenge: challenge,
            code_challenge_method: 'S256',
          }),
        )
        assert.equal(response.status, 400)
        assert.equal(response.headers.get('location'), null)
        assert.equal(reasonCode(response.body), 'oidc.invalid_redirect_uri')
        assert.deepEqual(browser.cookieNames(), [])
      })

      it('an unknown client', async () => {
        const response = await new Browser().request(
          authorizeUrl({
            client_id: 'nope',
            code_challenge: challenge,
            code_challenge_method: 'S256',
          }),
        )
        assert.equal(response.status, 401)
        assert.equal(reasonCode(response.body), 'oidc.invalid_client')
      })

      it('a duplicated parameter', async () => {
        const url = `${authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' })}&state=again`
        const response = await new Browser().request(url)
        assert.equal(response.status, 400)
        assert.equal(reasonCode(response.body), 'oidc.duplicate_parameter')
      })

      it('a wrong code verifier (and the code is burned)', async () => {
        const login = await startLogin(config)
        const callback = await signIn(login, f.owner.email, PASSWORD)
        await assert.rejects(
          client.authorizationCodeGrant(config, new URL(callback.url), {
            pkceCodeVerifier: client.randomPKCECodeVerifier(),
            expectedState: login.state,
          }),
          (error: client.ResponseBodyError) => error.error === 'invalid_grant',
        )
        await assert.rejects(
          redeem(config, login, callback.url),
          (error: client.ResponseBodyError) => error.error === 'invalid_grant',
        )
      })

      it('a reused code, revoking the tokens its first use issued', async () => {
        const login = await startLogin(config)
        const callback = await signIn(login, f.owner.email, PASSWORD)
        const tokens = await redeem(config, login, callback.url)
        assert.ok(await client.fetchUserInfo(config, tokens.access_token, f.owner.id))
        const before = await auditCount(f, 'oidc.code_reused', 'oidc.invalid_grant')
        await assert.rejects(
          redeem(config, login, callback.url),
          (error: client.ResponseBodyError) => error.error === 'invalid_grant',
        )
        await assert.rejects(client.fetchUserInfo(config, tokens.access_token, f.owner.id))
        assert.equal(await auditCount(f, 'oidc.code_reused', 'oidc.invalid_grant'), before + 1)
      })

      it('a code redeemed several times at once, on two instances: one answer, and its token revoked', async () => {
        const another = await f.startAnother()
        for (let trial = 0; trial < 5; trial++) {
          const login = await startLogin(config)
          const callback = await signIn(login, f.owner.email, PASSWORD)
          const body = new URLSearchParams({
            grant_type: 'authorization_code',
            code: new URL(callback.url).searchParams.get('code') ?? '',
            redirect_uri: CALLBACK,
            client_id: f.clientId,
            code_verifier: login.verifier,
          }).toString()
          const responses = await Promise.all(
            Array.from({ length: 6 }, (_, i) =>
              fetch(`${i % 2 === 0 ? f.url : another.url}/oauth2/token`, {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body,
              }),
            ),
          )
          const ok = responses.filter((r) => r.status === 200)
          assert.equal(ok.length, 1, `trial ${trial}: ${responses.map((r) => r.status).join()}`)
          assert.ok(responses.every((r) => r.status === 200 || r.status === 400))
          const { access_token } = (await ok[0]?.json()) as { access_token: string }
          const userinfo = await fetch(`${f.url}/oauth2/userinfo`, {
            headers: { authorization: `Bearer ${access_token}` },
          })
          assert.equal(userinfo.status, 401, `trial ${trial}: the winner's token still works`)
        }
      })

      it('an expired code', async () => {
        const login = await startLogin(config)
        const callback = await signIn(login, f.owner.email, PASSWORD)
        f.clock.advance(61_000)
        await assert.rejects(
          redeem(config, login, callback.url),
          (error: client.ResponseBodyError) => error.error === 'invalid_grant',
        )
      })

      it("another client's code", async () => {
        const login = await startLogin(config)
        const callback = await signIn(login, f.owner.email, PASSWORD)
        const other = await discover(f, f.otherClientId)
        const code = new URL(callback.url).searchParams.get('code') ?? ''
        const response = await fetch(`${f.url}/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code,
            redirect_uri: CALLBACK,
            client_id: f.otherClientId,
            code_verifier: login.verifier,
          }),
        })
        assert.equal(response.status, 400)
        assert.equal(((await response.json()) as { error: string }).error, 'invalid_grant')
        assert.ok(other)
      })

      it('a tampered state (openid-client refuses the callback; the server echoes state exactly)', async () => {
        const login = await startLogin(config)
        const callback = await signIn(login, f.owner.email, PASSWORD)
        assert.equal(new URL(callback.url).searchParams.get('state'), login.state)
        const tampered = new URL(callback.url)
        tampered.searchParams.set('state', `${login.state}x`)
        await assert.rejects(redeem(config, login, tampered.href))
      })

      it('a form posted without its CSRF token', async () => {
        const before = await countSessions(f)
        const login = await startLogin(config)
        const passwordPage = await login.browser.submit(login.emailPage, '/login/email', {
          email: f.owner.email,
        })
        const response = await login.browser.submit(passwordPage, '/login/password', {
          password: PASSWORD,
          csrf: '',
        })
        assert.equal(response.status, 403)
        assert.equal(reasonCode(response.body), 'login.csrf_failed')
        assert.equal(login.browser.cookie('portcullis_session'), undefined)
        assert.equal(await countSessions(f), before)
      })

      it('a form posted from another browser (no binding cookie)', async () => {
        const login = await startLogin(config)
        const passwordPage = await login.browser.submit(login.emailPage, '/login/email', {
          email: f.owner.email,
        })
        const intruder = new Browser()
        const response = await intruder.submit(passwordPage, '/login/password', {
          password: PASSWORD,
        })
        assert.equal(reasonCode(response.body), 'login.transaction_expired')
        assert.equal(intruder.cookie('portcullis_session'), undefined)
      })

      it('an SSO-required user with the right password', async () => {
        const domain = `sso-${f.domain}`
        await f.addDomain(domain, { enforced: true })
        const user = await f.addUser({ email: `ceo@${domain}`, password: PASSWORD })
        const before = await countSessions(f)
        const audited = await auditCount(f, 'login.failed', 'login.sso_unavailable')
        const login = await startLogin(config)
        const ssoPage = await login.browser.submit(login.emailPage, '/login/email', {
          email: user.email,
        })
        assert.equal(ssoPage.status, 403)
        // The domain enforces SSO and no profile serves it: that is all the email step says.
        assert.equal(reasonCode(ssoPage.body), 'login.sso_unavailable')
        // Posting the password anyway (a hand-made request) is refused too.
        const response = await login.browser.request(`${f.url}/login/password`, {
          form: {
            tx: new URL(login.emailPage.url).searchParams.get('tx') ?? '',
            csrf: csrfOf(login.emailPage.body),
            password: PASSWORD,
          },
        })
        assert.equal(response.status, 403)
        assert.equal(reasonCode(response.body), 'login.sso_unavailable')
        assert.equal(login.browser.cookie('portcullis_session'), undefined)
        assert.equal(await countSessions(f), before)
        // Both refusals audited with their code, the email step's too.
        assert.equal(await auditCount(f, 'login.failed', 'login.sso_unavailable'), audited + 2)
      })

      it('a user whose override disables SSO may use a password in an enforced domain', async () => {
        const domain = `sso2-${f.domain}`
        await f.addDomain(domain, { enforced: true })
        const user = await f.addUser({
          email: `breakglass@${domain}`,
          password: PASSWORD,
          ssoOverride: 'disabled',
        })
        const login = await startLogin(config)
        // The email step shows what the domain requires; the exception takes the password option.
        const passwordPage = await login.browser.submit(login.emailPage, '/login/email', {
          email: user.email,
          method: 'password',
        })
        const callback = await login.browser.submit(passwordPage, '/login/password', {
          password: PASSWORD,
        })
        assert.equal(callback.status, 303)
        assert.equal((await redeem(config, login, callback.url)).claims()?.sub, user.id)
      })

      it('and audits every refusal at every step with its code', async () => {
        const plain = `plain-${f.domain}`
        await f.addDomain(plain, { enforced: false })
        const cases: [
          string,
          (login: Awaited<ReturnType<typeof startLogin>>) => Promise<unknown>,
        ][] = [
          [
            'user.invalid_email',
            (login) => login.browser.submit(login.emailPage, '/login/email', { email: 'nope' }),
          ],
          [
            'login.csrf_failed',
            (login) =>
              login.browser.request(`${f.url}/login/email`, {
                form: {
                  tx: new URL(login.emailPage.url).searchParams.get('tx') ?? '',
                  csrf: 'forged',
                  email: f.owner.email,
                },
              }),
          ],
          [
            'login.sso_unavailable',
            async (login) => {
              const page = await login.browser.submit(login.emailPage, '/login/email', {
                email: `someone@${plain}`,
              })
              // No profile serves the domain: the hand-made SSO request is refused.
              return login.browser.request(`${f.url}/login/sso`, {
                form: {
                  tx: new URL(login.emailPage.url).searchParams.get('tx') ?? '',
                  csrf: csrfOf(page.body),
                },
              })
            },
          ],
        ]
        for (const [code, refuse] of cases) {
          const before = await auditCount(f, 'login.failed', code)
          await refuse(await startLogin(config))
          assert.equal(await auditCount(f, 'login.failed', code), before + 1, code)
        }
      })

      it('a deactivated user', async () => {
        const user = await f.addUser({ password: PASSWORD, status: 'deactivated' })
        const before = await countSessions(f)
        const audited = await auditCount(f, 'login.failed', 'login.account_deactivated')
        const login = await startLogin(config)
        const response = await signIn(login, user.email, PASSWORD)
        assert.equal(response.status, 403)
        assert.equal(reasonCode(response.body), 'login.account_deactivated')
        assert.equal(await countSessions(f), before)
        assert.equal(await auditCount(f, 'login.failed', 'login.account_deactivated'), audited + 1)
      })

      it('a locked-out account, even with the right password', async () => {
        const user = await f.addUser({ password: PASSWORD })
        for (let i = 0; i < 5; i++) {
          const attempt = await signIn(
            await startLogin(config),
            user.email,
            'wrong password, sorry',
          )
          assert.equal(reasonCode(attempt.body), 'login.invalid_credentials')
          assert.equal(attempt.status, 401)
        }
        const before = await countSessions(f)
        const audited = await auditCount(f, 'login.failed', 'login.locked')
        const response = await signIn(await startLogin(config), user.email, PASSWORD)
        assert.equal(response.status, 429)
        assert.equal(reasonCode(response.body), 'login.locked')
        assert.equal(await countSessions(f), before)
        assert.equal(await auditCount(f, 'login.failed', 'login.locked'), audited + 1)
        // The lock ends; the right password works again.
        f.clock.advance(61_000)
        const later = await signIn(await startLogin(config), user.email, PASSWORD)
        assert.equal(later.status, 303)
      })
    })

    it('answers an oversized form with an error page, not JSON', async () => {
      const response = await new Browser().request(`${f.url}/login/password`, {
        form: { tx: 'x', csrf: 'y', password: 'p'.repeat(600 * 1024) },
      })
      assert.equal(response.status, 413)
      assert.match(response.headers.get('content-type') ?? '', /text\/html/)
      assert.equal(reasonCode(response.body), 'request.too_large')
    })

    it('answers an unknown email exactly like a known one', async () => {
      const known = await startLogin(config)
      const unknown = await startLogin(config)
      const email = (local: string) => `${local}@${f.domain}`
      const a = await known.browser.submit(known.emailPage, '/login/email', {
        email: email('owner'),
      })
      const b = await unknown.browser.submit(unknown.emailPage, '/login/email', {
        email: email('nobody-here'),
      })
      assert.equal(a.status, b.status)
      const normalize = (body: string) =>
        body.replace(/value="[^"]*"/g, 'value=""').replace(/owner@|nobody-here@/g, 'X@')
      assert.equal(normalize(a.body), normalize(b.body))
      const wrongKnown = await known.browser.submit(a, '/login/password', {
        password: 'not it at all',
      })
      const wrongUnknown = await unknown.browser.submit(b, '/login/password', {
        password: 'not it at all',
      })
      assert.equal(wrongKnown.status, wrongUnknown.status)
      assert.equal(normalize(wrongKnown.body), normalize(wrongUnknown.body))
    })

    it('signs ID tokens with the kid published in the JWKS', async () => {
      const login = await startLogin(config)
      const tokens = await redeem(config, login, (await signIn(login, f.owner.email, PASSWORD)).url)
      const { kid } = decodeProtectedHeader(tokens.id_token ?? '')
      const jwks = (await (await fetch(`${f.url}/oauth2/jwks`)).json()) as {
        keys: { kid: string }[]
      }
      assert.ok(jwks.keys.some((k) => k.kid === kid))
    })
  })
}

function csrfOf(body: string): string {
  return /name="csrf" value="([^"]*)"/.exec(body)?.[1] ?? ''
}
