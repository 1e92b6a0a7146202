/**
 * Console clients through the operator API (issue 23) on both engines: register public and confidential
 * clients with the CLI's rules, list without secrets, change, rotate a secret with an overlap in which
 * both secrets redeem codes, delete; the Admin Center's own client is read-only.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import * as client from 'openid-client'
import { DIALECTS } from '../../helpers/databases.ts'
import { countRows } from '../../helpers/storage.ts'
import { ADMIN_CENTER_CLIENT_ID } from '../../../src/oidc/oidc-client.ts'
import {
  CALLBACK,
  PASSWORD,
  setupLogin,
  signIn,
  startLogin,
  type LoginFixture,
} from '../login/login.setup.ts'

const CLI = { type: 'operator', id: 'cli' } as const

interface ClientAnswer {
  client: {
    id: string
    type: string
    redirectUris: string[]
    previousSecretValidUntil: string | null
  }
  clientSecret?: string
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: operator API clients`, () => {
    let f: LoginFixture
    let operator: string
    const op = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${f.url}/api/v1/operator${path}`, {
        method,
        headers: {
          authorization: `Bearer ${operator}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      const text = await response.text()
      return { status: response.status, json: (text === '' ? {} : JSON.parse(text)) as any }
    }

    before(async () => {
      f = await setupLogin(dialect)
      operator = (await f.server.app.services.operatorTokens.create('console', undefined, CLI))
        .secret
    })
    after(() => f.close())

    /** Signs the owner in through `clientId` and redeems the code with `secret`. */
    const redeemWith = async (clientId: string, secret: string) => {
      const config = await client.discovery(
        new URL(f.url),
        clientId,
        undefined,
        client.ClientSecretBasic(secret),
        { execute: [client.allowInsecureRequests] },
      )
      const login = await startLogin(config)
      const done = await signIn(login, f.owner.email, PASSWORD)
      assert.equal(done.status, 303, done.body)
      return client
        .authorizationCodeGrant(config, new URL(done.headers.get('location') ?? ''), {
          pkceCodeVerifier: login.verifier,
          expectedState: login.state,
          expectedNonce: login.nonce,
        })
        .then(
          () => 'ok',
          (error: { error?: string; status?: number; message?: string }) =>
            // RFC 6749 §5.2: a client that fails authentication gets 401 (a challenge, no body to read).
            error.error ?? (error.status === 401 ? 'invalid_client' : `failed: ${error.message}`),
        )
    }

    it('registers, lists (never a secret), changes and deletes a client', async () => {
      const made = await op('POST', '/clients', {
        name: 'Billing console',
        type: 'public',
        redirectUris: ['https://billing.example.com/cb'],
        idTokenAlg: 'ES256',
      })
      assert.equal(made.status, 201, JSON.stringify(made.json))
      const body = made.json as ClientAnswer
      assert.equal(body.client.type, 'public')
      assert.equal(body.clientSecret, undefined)
      const listed = await op('GET', '/clients')
      const ids = (listed.json.clients as { id: string; builtin: boolean }[]).map((c) => c.id)
      assert.ok(ids.includes(body.client.id))
      assert.ok(!JSON.stringify(listed.json).includes('secret_hash'))
      const changed = await op('PATCH', `/clients/${body.client.id}`, {
        redirectUris: ['https://billing.example.com/callback', 'http://localhost:5173/cb'],
        initiateLoginUri: 'https://billing.example.com/login',
      })
      assert.equal(changed.status, 200, JSON.stringify(changed.json))
      assert.deepEqual(changed.json.redirectUris, [
        'https://billing.example.com/callback',
        'http://localhost:5173/cb',
      ])
      assert.equal((await op('DELETE', `/clients/${body.client.id}`)).status, 204)
      assert.equal((await op('GET', `/clients/${body.client.id}`)).status, 404)
      assert.equal((await op('DELETE', `/clients/${body.client.id}`)).status, 404)
    })

    it('refuses what the CLI refuses, and the Admin Center client, writing nothing', async () => {
      const before = await countRows(f.server.app.database)
      for (const [body, code] of [
        [
          { name: 'X', type: 'public', redirectUris: ['http://evil.example/cb'] },
          'client.invalid_redirect_uri',
        ],
        [
          { name: 'X', type: 'public', redirectUris: ['https://x.example/cb#frag'] },
          'client.invalid_redirect_uri',
        ],
        [{ name: '', type: 'public', redirectUris: ['https://x.example/cb'] }, 'request.invalid'],
        [
          { name: 'X', type: 'secretive', redirectUris: ['https://x.example/cb'] },
          'request.invalid',
        ],
      ] as const) {
        const answer = await op('POST', '/clients', body)
        assert.equal(answer.status, 400, JSON.stringify(body))
        assert.equal(answer.json.error.code, code)
      }
      const builtin = await op('PATCH', `/clients/${ADMIN_CENTER_CLIENT_ID}`, { name: 'Mine' })
      assert.equal(builtin.status, 409)
      assert.equal(builtin.json.error.code, 'client.builtin')
      assert.equal((await op('DELETE', `/clients/${ADMIN_CENTER_CLIENT_ID}`)).status, 409)
      assert.deepEqual(await countRows(f.server.app.database), before)
    })

    it('rotates a secret: both work in the overlap, the old one stops when it ends', async () => {
      const made = await op('POST', '/clients', {
        name: 'Server console',
        type: 'confidential',
        redirectUris: [CALLBACK],
      })
      const { client: registered, clientSecret: first } = made.json as ClientAnswer
      assert.ok(first?.startsWith('pcs_'))
      assert.equal(await redeemWith(registered.id, first ?? ''), 'ok')

      const rotated = await op('POST', `/clients/${registered.id}/rotate-secret`)
      assert.equal(rotated.status, 200, JSON.stringify(rotated.json))
      const second = (rotated.json as ClientAnswer).clientSecret ?? ''
      assert.notEqual(second, first)
      assert.ok((rotated.json as ClientAnswer).client.previousSecretValidUntil)
      assert.equal(await redeemWith(registered.id, second), 'ok')
      assert.equal(
        await redeemWith(registered.id, first ?? ''),
        'ok',
        'the old secret in the overlap',
      )
      f.clock.advance(24 * 3600_000 + 1000)
      assert.equal(await redeemWith(registered.id, first ?? ''), 'invalid_client')
      assert.equal(await redeemWith(registered.id, second), 'ok')

      const now = await op('POST', `/clients/${registered.id}/rotate-secret`, {
        previousSecretValidSeconds: 0,
      })
      assert.equal(await redeemWith(registered.id, second), 'invalid_client')
      assert.equal(
        await redeemWith(registered.id, (now.json as ClientAnswer).clientSecret ?? ''),
        'ok',
      )

      const publicOne = await op('POST', '/clients', {
        name: 'SPA',
        type: 'public',
        redirectUris: ['https://spa.example.com/cb'],
      })
      const refused = await op(
        'POST',
        `/clients/${(publicOne.json as ClientAnswer).client.id}/rotate-secret`,
        {},
      )
      assert.equal(refused.status, 409)
      assert.equal(refused.json.error.code, 'client.not_confidential')
    })

    it('16 concurrent rotations leave exactly one current secret, and it is one that was returned', async () => {
      const made = await op('POST', '/clients', {
        name: 'Busy console',
        type: 'confidential',
        redirectUris: [CALLBACK],
      })
      const id = (made.json as ClientAnswer).client.id
      const answers = await Promise.all(
        Array.from({ length: 16 }, () =>
          op('POST', `/clients/${id}/rotate-secret`, { previousSecretValidSeconds: 0 }),
        ),
      )
      assert.ok(answers.every((a) => a.status === 200))
      const secrets = answers.map((a) => (a.json as ClientAnswer).clientSecret ?? '')
      const working = []
      for (const secret of secrets)
        if ((await redeemWith(id, secret)) === 'ok') working.push(secret)
      assert.equal(working.length, 1)
    })
  })
}
