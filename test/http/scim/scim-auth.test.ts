/**
 * SCIM tokens (Admin API `scim-tokens`) and who may call SCIM (SECURITY-CASES SCIM-01), and protocol
 * hygiene (SCIM-06 body size, SCIM-10 content types and CORS), on both databases.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { hashSecret } from '../../../src/platform/crypto.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { countRows } from '../../helpers/storage.ts'
import { errorCode } from '../admin/admin.setup.ts'
import { setupSCIM, USER_SCHEMA, type SCIMFixture } from './scim.setup.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: SCIM tokens and authentication`, () => {
    let s: SCIMFixture
    before(async () => {
      s = await setupSCIM(dialect)
    })
    after(async () => s.close())
    const tokens = () => `/api/v1/orgs/${s.a.orgId}/scim-tokens`

    it('shows a new token once, stores only its hash, lists it without the secret', async () => {
      const made = await s.f.api(s.a.token, 'POST', tokens(), { name: 'Okta' })
      assert.equal(made.status, 201)
      const secret = String(made.json['secret'])
      assert.match(secret, /^pcst_[A-Za-z0-9_-]{43,}$/) // ≥ 256 bits of randomness
      assert.equal(made.json['scimBaseUrl'], `${s.f.url}/scim/v2/${s.a.orgId}`)
      const id = (made.json['token'] as { id: string }).id
      const row = await s.f.server.app.database.db
        .selectFrom('scim_tokens')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      assert.equal(row.token_hash, hashSecret(secret))
      assert.ok(!JSON.stringify(row).includes(secret))
      const listed = await s.f.api(s.a.token, 'GET', tokens())
      assert.equal(listed.status, 200)
      assert.ok(!JSON.stringify(listed.json).includes(secret))
      const entry = (listed.json['tokens'] as { id: string; name: string }[]).find(
        (t) => t.id === id,
      )
      assert.equal(entry?.name, 'Okta')
      assert.equal(listed.json['scimBaseUrl'], made.json['scimBaseUrl'])
    })

    it('records when a token was last used', async () => {
      const made = await s.f.api(s.a.token, 'POST', tokens(), { name: 'last used' })
      const secret = String(made.json['secret'])
      assert.equal(
        (await s.scim(s.a, 'GET', '/Users?count=0', undefined, { token: secret })).status,
        200,
      )
      const listed = await s.f.api(s.a.token, 'GET', tokens())
      const entry = (listed.json['tokens'] as { name: string; lastUsedAt: string | null }[]).find(
        (t) => t.name === 'last used',
      )
      assert.ok(entry?.lastUsedAt !== null && entry?.lastUsedAt !== undefined)
    })

    it('answers every bad credential with the same 401 and WWW-Authenticate', async () => {
      const made = await s.f.api(s.a.token, 'POST', tokens(), { name: 'to revoke' })
      const revokedSecret = String(made.json['secret'])
      const revokedId = (made.json['token'] as { id: string }).id
      assert.equal(
        (await s.scim(s.a, 'GET', '/Users', undefined, { token: revokedSecret })).status,
        200,
      )
      const revoke = await s.f.api(s.a.token, 'DELETE', `${tokens()}/${revokedId}`)
      assert.equal(revoke.status, 204)
      const session = await s.f.signIn(s.a.ownerEmail)
      const cases: {
        name: string
        headers: Record<string, string>
        token: string | null
        path?: string
      }[] = [
        { name: 'no header', headers: {}, token: null },
        { name: 'empty bearer', headers: { authorization: 'Bearer ' }, token: null },
        { name: 'revoked', headers: {}, token: revokedSecret },
        { name: "tenant B's token on A's URL", headers: {}, token: s.b.scimToken },
        { name: 'an admin API token', headers: {}, token: s.a.token },
        { name: 'wrong scheme', headers: { authorization: `Basic ${s.a.scimToken}` }, token: null },
        {
          name: 'trailing junk',
          headers: { authorization: `Bearer ${s.a.scimToken} x` },
          token: null,
        },
        { name: 'altered secret', headers: {}, token: `${s.a.scimToken.slice(0, -2)}xx` },
        {
          name: 'token in the query string',
          headers: {},
          token: null,
          path: `/Users?access_token=${s.a.scimToken}`,
        },
        {
          name: 'a session cookie',
          headers: { cookie: `portcullis_session=${session.browser.cookie('portcullis_session')}` },
          token: null,
        },
      ]
      const bodies = new Set<string>()
      for (const c of cases) {
        const result = await s.scim(s.a, 'GET', c.path ?? '/Users', undefined, {
          token: c.token,
          headers: c.headers,
        })
        assert.equal(result.status, 401, c.name)
        assert.match(result.headers.get('www-authenticate') ?? '', /^Bearer/, c.name)
        bodies.add(result.text)
      }
      // And for an organization that does not exist: the same answer.
      const nowhere = await fetch(`${s.f.url}/scim/v2/00000000-0000-4000-8000-000000000000/Users`, {
        headers: { authorization: `Bearer ${s.a.scimToken}` },
      })
      assert.equal(nowhere.status, 401)
      bodies.add(await nowhere.text())
      assert.equal(bodies.size, 1, [...bodies].join('\n'))
      // positive control, and the Bearer scheme in any case
      const ok = await s.scim(s.a, 'GET', '/Users', undefined, {
        token: null,
        headers: { authorization: `bearer ${s.a.scimToken}` },
      })
      assert.equal(ok.status, 200)
    })

    it('audits token creation and revocation, and refuses unknown or foreign token ids', async () => {
      const made = await s.f.api(s.a.token, 'POST', tokens(), { name: 'audited' })
      const id = (made.json['token'] as { id: string }).id
      const foreign = await s.f.api(
        s.b.token,
        'DELETE',
        `/api/v1/orgs/${s.b.orgId}/scim-tokens/${id}`,
      )
      assert.equal(foreign.status, 404)
      assert.equal(errorCode(foreign.json), 'scim_token.not_found')
      assert.equal((await s.f.api(s.a.token, 'DELETE', `${tokens()}/${id}`)).status, 204)
      assert.equal((await s.f.api(s.a.token, 'DELETE', `${tokens()}/${id}`)).status, 404)
      const audit = await s.f.api(
        s.a.token,
        'GET',
        `/api/v1/orgs/${s.a.orgId}/audit-events?type=scim_token.created`,
      )
      assert.ok(JSON.stringify(audit.json).includes(id))
      const bad = await s.f.api(s.a.token, 'POST', tokens(), { name: '' })
      assert.equal(bad.status, 400)
    })

    it('takes application/scim+json and application/json bodies only', async () => {
      const body = JSON.stringify({ schemas: [USER_SCHEMA], userName: 'ctype@orga.test' })
      const before = await countRows(s.f.server.app.database)
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const refused = await s.scim(s.a, 'POST', '/Users', body, {
          headers: { 'content-type': type },
        })
        assert.equal(refused.status, 415, type)
        assert.equal(refused.json['status'], '415')
      }
      assert.deepEqual(await countRows(s.f.server.app.database), before)
      const json = await s.scim(s.a, 'POST', '/Users', body, {
        headers: { 'content-type': 'application/json; charset=utf-8' },
      })
      assert.equal(json.status, 201, json.text)
      assert.equal(json.headers.get('content-type'), 'application/scim+json; charset=utf-8')
    })

    it('refuses a body over 1 MiB with 413, and malformed JSON with invalidSyntax', async () => {
      const big = JSON.stringify({
        schemas: [USER_SCHEMA],
        userName: 'big@orga.test',
        displayName: 'x'.repeat(1024 * 1024),
      })
      const refused = await s.scim(s.a, 'POST', '/Users', big)
      assert.equal(refused.status, 413)
      assert.equal(
        refused.json['schemas']?.toString(),
        'urn:ietf:params:scim:api:messages:2.0:Error',
      )
      const malformed = await s.scim(s.a, 'POST', '/Users', '{"schemas": [')
      assert.equal(malformed.status, 400)
      assert.equal(malformed.json['scimType'], 'invalidSyntax')
      const deep = await s.scim(s.a, 'POST', '/Users', `${'['.repeat(10_000)}${']'.repeat(10_000)}`)
      assert.equal(deep.status, 400)
    })

    it('sends no CORS headers, even to a preflight from another origin', async () => {
      const preflight = await fetch(`${s.f.url}${s.a.base}/Users`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://evil.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      })
      assert.equal(preflight.headers.get('access-control-allow-origin'), null)
      assert.ok(preflight.status >= 400)
      const get = await s.scim(s.a, 'GET', '/Users', undefined, {
        headers: { origin: 'https://evil.example' },
      })
      assert.equal(get.status, 200)
      assert.equal(get.headers.get('access-control-allow-origin'), null)
    })

    it('describes exactly what it does: ServiceProviderConfig, Schemas, ResourceTypes', async () => {
      const config = await s.scim(s.a, 'GET', '/ServiceProviderConfig')
      assert.equal(config.status, 200)
      assert.deepEqual(config.json['patch'], { supported: true })
      assert.deepEqual(config.json['filter'], { supported: true, maxResults: 200 })
      assert.deepEqual(config.json['etag'], { supported: true })
      assert.deepEqual(config.json['sort'], { supported: false })
      assert.equal((config.json['bulk'] as { supported: boolean }).supported, false)
      assert.equal((config.json['changePassword'] as { supported: boolean }).supported, false)
      const types = await s.scim(s.a, 'GET', '/ResourceTypes')
      const endpoints = (types.json['Resources'] as { endpoint: string }[]).map((r) => r.endpoint)
      assert.deepEqual(endpoints, ['/Users', '/Groups'])
      assert.equal((await s.scim(s.a, 'GET', '/ResourceTypes/User')).json['schema'], USER_SCHEMA)
      const schemas = await s.scim(s.a, 'GET', '/Schemas')
      assert.equal(schemas.json['totalResults'], 3)
      const user = await s.scim(s.a, 'GET', `/Schemas/${USER_SCHEMA}`)
      const names = (user.json['attributes'] as { name: string }[]).map((a) => a.name)
      assert.ok(
        names.includes('userName') && names.includes('active') && !names.includes('password'),
      )
      assert.equal((await s.scim(s.a, 'GET', '/Schemas/urn:nope')).status, 404)
      const unknown = await s.scim(s.a, 'GET', '/Bulk')
      assert.equal(unknown.status, 404)
      assert.equal(unknown.json['status'], '404')
    })
  })
}
