/**
 * OIDC Back-Channel Logout 1.0 (issue 24) on both engines: a console signs a user in; when the
 * Portcullis session ends — a SCIM deactivation, an RP-initiated logout — the console's back-channel
 * logout URI receives a Logout Token it verifies with `jose` against the JWKS, with every claim the
 * specification asks for, delivered by the outbox as soon as the change commits (the job runner's
 * nudge, not its next poll). A client the session never gave tokens to hears nothing.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import * as client from 'openid-client'
import { runCLI } from '../../../src/cli/portcullis.ts'
import { BACKCHANNEL_LOGOUT_EVENT } from '../../../src/oidc/logout-token.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { startReceiver, type Receiver } from '../../helpers/receiver-process.ts'
import {
  discover,
  PASSWORD,
  redeem,
  setupLogin,
  signIn,
  startLogin,
  type LoginFixture,
} from '../login/login.setup.ts'

const CLI = { type: 'operator', id: 'cli' } as const

for (const dialect of DIALECTS) {
  describe(`${dialect}: back-channel logout`, () => {
    let f: LoginFixture
    let receiver: Receiver
    let config: client.Configuration
    before(async () => {
      receiver = await startReceiver()
      // The job runner on its default poll (300 s): deliveries go out on the commit's nudge.
      f = await setupLogin(dialect, undefined, { WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' })
      // SCIM manages users of the organization's verified domains.
      await f.addDomain(f.domain, { enforced: false })
      const { clients } = f.server.app.services
      await clients.update(f.clientId, { backchannelLogoutUri: `${receiver.url}/bcl` }, CLI)
      await clients.update(
        f.otherClientId,
        { backchannelLogoutUri: `${receiver.url}/bcl-other` },
        CLI,
      )
      config = await discover(f)
    })
    after(async () => {
      await f.close()
      await receiver.stop()
    })

    const discovery = async () =>
      (await (await fetch(`${f.url}/.well-known/openid-configuration`)).json()) as Record<
        string,
        unknown
      >

    /** Verifies a logout token as a console would; returns its claims. */
    const verify = async (body: string) => {
      const token = new URLSearchParams(body).get('logout_token') ?? ''
      const jwks = createRemoteJWKSet(new URL(String((await discovery())['jwks_uri'])))
      const { payload, protectedHeader } = await jwtVerify(token, jwks, {
        issuer: f.url,
        audience: f.clientId,
        typ: 'logout+jwt',
        requiredClaims: ['iat', 'exp', 'jti', 'sub', 'sid', 'events'],
      })
      assert.equal(protectedHeader.typ, 'logout+jwt')
      assert.equal(decodeProtectedHeader(token).alg, protectedHeader.alg)
      assert.deepEqual(payload['events'], { [BACKCHANNEL_LOGOUT_EVENT]: {} })
      assert.equal(payload['nonce'], undefined, 'a logout token never has a nonce')
      assert.ok((payload.exp ?? 0) > (payload.iat ?? 0))
      return payload
    }

    const signedIn = async () => {
      const user = await f.addUser({ password: PASSWORD })
      const login = await startLogin(config)
      const tokens = await redeem(config, login, (await signIn(login, user.email, PASSWORD)).url)
      return { user, login, tokens, sid: String(tokens.claims()?.['sid']) }
    }

    it('advertises back-channel logout with sid', async () => {
      const metadata = await discovery()
      assert.equal(metadata['backchannel_logout_supported'], true)
      assert.equal(metadata['backchannel_logout_session_supported'], true)
    })

    it('a SCIM deactivation reaches the console as a logout token it verifies', async () => {
      const { user, sid } = await signedIn()
      const { secret } = await f.server.app.services.scimTokens.create(f.orgId, 'Okta', CLI)
      const patched = await fetch(`${f.url}/scim/v2/${f.orgId}/Users/${user.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'replace', path: 'active', value: false }],
        }),
      })
      assert.equal(patched.status, 200, await patched.clone().text())
      const [message] = await receiver.waitFor('/bcl', 1)
      assert.equal(message?.headers['content-type'], 'application/x-www-form-urlencoded')
      const claims = await verify(message?.body ?? '')
      assert.equal(claims.sub, user.id)
      assert.equal(claims['sid'], sid)
      // The event log says why; the other client never got tokens in this session.
      const { db } = f.server.app.database
      const events = await db
        .selectFrom('events')
        .select(['data'])
        .where('type', '=', 'session.revoked')
        .execute()
      const revoked = events.map((e) => JSON.parse(e.data) as Record<string, unknown>)
      assert.deepEqual(
        revoked.find((d) => d['sid'] === sid),
        { sid, userId: user.id, reason: 'deactivation' },
      )
      assert.equal((await receiver.received('/bcl-other')).length, 0)
    })

    it('an RP-initiated logout sends one too, with a fresh jti', async () => {
      const { user, login, tokens, sid } = await signedIn()
      const before = (await receiver.received('/bcl')).length
      const logout = client.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token ?? '',
        post_logout_redirect_uri: 'http://127.0.0.1:9/signed-out',
      })
      assert.equal((await login.browser.request(logout.href)).status, 303)
      const all = await receiver.waitFor('/bcl', before + 1)
      const claims = await verify(all.at(-1)?.body ?? '')
      assert.deepEqual([claims.sub, claims['sid']], [user.id, sid])
      const jtis = await Promise.all(all.map(async (m) => (await verify(m.body)).jti))
      assert.equal(new Set(jtis).size, jtis.length)
    })

    it('a change made by another process (the CLI) is delivered without waiting for the poll', async () => {
      const { secret } = await f.server.app.services.webhooks.create(
        f.clientId,
        { url: `${receiver.url}/cli`, eventTypes: ['organization.updated'] },
        CLI,
      )
      await receiver.setSecrets('/cli', [secret])
      const code = await runCLI(
        ['org', 'update', '--org', f.orgId, '--name', 'Renamed from a shell'],
        { DATABASE_URL: f.target.url, PUBLIC_URL: f.url },
        { stdout: () => undefined, stderr: () => undefined },
      )
      assert.equal(code, 0)
      // The CLI's process runs no jobs and cannot nudge the server's: the server's own look finds it.
      const [message] = await receiver.waitFor('/cli', 1)
      assert.equal(message?.verifiedBy, 0)
      assert.equal(JSON.parse(message?.body ?? '{}')['data'].name, 'Renamed from a shell')
    })
  })
}
