/**
 * Deprovisioning through SCIM on both databases (SECURITY-CASES SCIM-08, ID-04): `active: false` ends the
 * user's web session, access tokens and codes in flight at once, and a fresh, valid SAML assertion for
 * them is refused; reactivation lets them back in without reviving anything old; DELETE then re-POST
 * makes a new user.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import * as client from 'openid-client'
import { Browser, reasonCode } from '../../helpers/browser.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import {
  CALLBACK,
  postResponse,
  readAuthnRequest,
  setupSAML,
  startConsoleLogin,
  type SAMLFixture,
} from '../saml/saml.setup.ts'
import { authorizationRequest } from '../login/login.setup.ts'
import { PATCH_SCHEMA, USER_SCHEMA } from './scim.setup.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: SCIM deprovisioning`, () => {
    let f: SAMLFixture
    let token: string
    let base: string
    before(async () => {
      f = await setupSAML(dialect)
      const made = await f.admin.api(
        f.admin.a.token,
        'POST',
        `/api/v1/orgs/${f.admin.a.orgId}/scim-tokens`,
        { name: 'Okta' },
      )
      token = String(made.json['secret'])
      base = String(made.json['scimBaseUrl'])
    })
    after(() => f.close())

    const scim = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await response.text()
      return {
        status: response.status,
        json: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
      }
    }
    const setActive = (id: string, value: unknown) =>
      scim('PATCH', `/Users/${id}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'Replace', path: 'active', value }],
      })

    /** A full SAML login: the browser holds a session; returns the console's tokens. */
    const samlLogin = async (browser: Browser) => {
      const login = await startConsoleLogin(f, f.userEmail, browser)
      const request = readAuthnRequest(login.idpRedirect.url)
      const back = await postResponse(f, browser, { inResponseTo: request.id })
      assert.equal(back.status, 303, reasonCode(back.body) ?? back.body.slice(0, 200))
      return client.authorizationCodeGrant(f.config, new URL(back.headers.get('location') ?? ''), {
        pkceCodeVerifier: login.verifier,
        expectedState: login.state,
      })
    }

    it('active=false ends sessions, tokens and codes at once and refuses a fresh SAML assertion', async () => {
      const browser = new Browser()
      const tokens = await samlLogin(browser)
      // positive controls: the access token works; the session signs the next request in directly
      await client.fetchUserInfo(f.config, tokens.access_token, f.userId)
      const inFlight = await authorizationRequest(f.config, { redirect_uri: CALLBACK })
      const pending = await browser.follow(inFlight.url.href)
      assert.ok(pending.url.startsWith(CALLBACK), 'a code is in flight')
      // another browser is half-way through SAML: the IdP is about to answer
      const other = new Browser()
      const halfway = await startConsoleLogin(f, f.userEmail, other)
      const halfwayRequest = readAuthnRequest(halfway.idpRedirect.url)

      const off = await setActive(f.userId, 'False')
      assert.equal(off.status, 200)
      assert.equal(off.json['active'], false)

      await assert.rejects(client.fetchUserInfo(f.config, tokens.access_token, f.userId))
      await assert.rejects(
        client.authorizationCodeGrant(f.config, new URL(pending.url), {
          pkceCodeVerifier: inFlight.verifier,
          expectedState: inFlight.state,
        }),
        (e: client.ResponseBodyError) => e.error === 'invalid_grant',
      )
      const next = await browser.follow((await authorizationRequest(f.config)).url.href)
      assert.match(next.body, /Email address/, 'the session is gone')
      const refused = await postResponse(f, other, { inResponseTo: halfwayRequest.id })
      assert.equal(reasonCode(refused.body), 'saml.user_inactive')
      const live = await f.admin.server.app.database.db
        .selectFrom('sessions')
        .select('id_hash')
        .where('user_id', '=', f.userId)
        .where('revoked_at', 'is', null)
        .execute()
      assert.deepEqual(live, [])
      const audit = await f.admin.server.app.database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('type', '=', 'user.deactivated')
        .where('target_id', '=', f.userId)
        .executeTakeFirstOrThrow()
      assert.equal(audit.actor_type, 'scim')
      assert.match(audit.details ?? '', /"sessions":[1-9]/)

      // Reactivated: a new login works; nothing old comes back.
      const on = await setActive(f.userId, true)
      assert.equal(on.json['active'], true)
      await assert.rejects(client.fetchUserInfo(f.config, tokens.access_token, f.userId))
      const again = await samlLogin(new Browser())
      await client.fetchUserInfo(f.config, again.access_token, f.userId)
    })

    it('DELETE removes the user (404 after), a re-POST is a new user with nothing of the old', async () => {
      const made = await scim('POST', '/Users', {
        schemas: [USER_SCHEMA],
        userName: 'temp@orga.test',
        externalId: 'ext-temp',
      })
      assert.equal(made.status, 201)
      const id = String(made.json['id'])
      const group = await scim('POST', '/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Temps',
        members: [{ value: id }],
      })
      assert.equal(group.status, 201)
      assert.equal((await scim('DELETE', `/Users/${id}`)).status, 204)
      assert.equal((await scim('GET', `/Users/${id}`)).status, 404)
      const members = await scim('GET', `/Groups/${String(group.json['id'])}`)
      assert.deepEqual(members.json['members'], [])
      const again = await scim('POST', '/Users', {
        schemas: [USER_SCHEMA],
        userName: 'temp@orga.test',
        externalId: 'ext-temp',
      })
      assert.equal(again.status, 201)
      assert.notEqual(again.json['id'], id)
      assert.deepEqual(again.json['groups'], [])
      const invitations = await f.admin.server.app.database.db
        .selectFrom('invitations')
        .select('user_id')
        .where('user_id', '=', id)
        .execute()
      assert.deepEqual(invitations, [], "the old user's invitation went with it")
    })
  })
}
