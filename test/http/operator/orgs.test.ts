/**
 * The operator API's organizations through real HTTP on both engines (issue 23): create with the owner's
 * invitation, idempotent under 16 concurrent identical requests (external id, Idempotency-Key), bad input
 * refused with a stable code and nothing written, list with search and cursor, change, scopes.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import { TestDNSServer } from '../../helpers/dns-server.ts'
import { countRows } from '../../helpers/storage.ts'
import { verifyDomain } from '../admin/admin.setup.ts'
import { errorOf, setupOperator, type OperatorFixture } from './operator.setup.ts'

interface Created {
  organization: { id: string; name: string; externalId: string | null; features: string[] }
  owner: { id: string; email: string; status: string }
  created: boolean
  invitation: { url: string; emailDelivery: string } | null
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: operator API organizations`, () => {
    let f: OperatorFixture
    const dns = new TestDNSServer()
    before(async () => {
      f = await setupOperator(dialect, { config: { DNS_SERVERS: await dns.start() } })
    })
    after(async () => {
      await f.close()
      await dns.stop()
    })

    it('creates an organization with its invited owner; the link works once and the act is audited', async () => {
      const made = await f.op('POST', '/orgs', {
        name: 'Northwind',
        ownerEmail: 'Owner@Northwind.test',
        externalId: 'cus_northwind',
        features: ['scim', 'sso'],
      })
      assert.equal(made.status, 201, JSON.stringify(made.json))
      const body = made.json as unknown as Created
      assert.equal(body.created, true)
      assert.deepEqual(body.organization.features, ['sso', 'scim'])
      assert.equal(body.organization.externalId, 'cus_northwind')
      assert.equal(body.owner.status, 'invited')
      assert.equal(body.invitation?.emailDelivery, 'not_configured')
      const token = decodeURIComponent(body.invitation?.url.split('/invite/')[1] ?? '')
      const invitee = await f.server.app.services.invitations.inviteeFor(token)
      assert.equal(invitee.id, body.owner.id)
      assert.equal(invitee.role, 'owner')

      const audit = await f.server.app.database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('org_id', '=', body.organization.id)
        .where('type', '=', 'org.created')
        .executeTakeFirstOrThrow()
      assert.equal(audit.actor_type, 'operator_token')
      assert.ok(!JSON.stringify(audit).includes(token), 'no secret in the audit log')

      const read = await f.op('GET', `/orgs/${body.organization.id}`)
      assert.equal(read.status, 200)
      assert.deepEqual((read.json as unknown as Created).owner, body.owner)
    })

    it('16 concurrent identical creates with one external id make exactly one organization', async () => {
      const request = {
        name: 'Contoso',
        ownerEmail: 'owner@contoso.test',
        externalId: 'cus_contoso',
      }
      const results = await Promise.all(
        Array.from({ length: 16 }, () => f.op('POST', '/orgs', request)),
      )
      const statuses = results.map((r) => r.status).sort()
      assert.deepEqual(
        statuses,
        [200, ...Array<number>(14).fill(200), 201].sort(),
        JSON.stringify(results.map((r) => r.json)),
      )
      const ids = new Set(results.map((r) => (r.json as unknown as Created).organization.id))
      assert.equal(ids.size, 1)
      assert.equal(
        results.filter((r) => (r.json as unknown as Created).invitation !== null).length,
        1,
      )
      const rows = await f.server.app.database.db
        .selectFrom('organizations')
        .select('id')
        .where('external_id', '=', 'cus_contoso')
        .execute()
      assert.equal(rows.length, 1)
    })

    it('16 concurrent identical creates with one Idempotency-Key make exactly one organization', async () => {
      const request = { name: 'Fabrikam', ownerEmail: 'owner@fabrikam.test' }
      const results = await Promise.all(
        Array.from({ length: 16 }, () =>
          f.op('POST', '/orgs', request, { 'idempotency-key': 'signup-fabrikam-1' }),
        ),
      )
      assert.equal(
        results.filter((r) => r.status === 201).length,
        1,
        JSON.stringify(results.map((r) => r.json)),
      )
      assert.equal(results.filter((r) => r.status === 200).length, 15)
      const rows = await f.server.app.database.db
        .selectFrom('organizations')
        .select('id')
        .where('name', '=', 'Fabrikam')
        .execute()
      assert.equal(rows.length, 1)
      const again = await f.op(
        'POST',
        '/orgs',
        { ...request, name: 'Fabrikam 2' },
        {
          'idempotency-key': 'signup-fabrikam-1',
        },
      )
      assert.equal(again.status, 422)
      assert.equal(errorOf(again), 'idempotency.key_reused')
    })

    it('a repeat returns no link; owner-invitation makes a new one (the old dies) until the owner accepts', async () => {
      const request = { name: 'Lost Answer', ownerEmail: 'owner@lost.test', externalId: 'cus_lost' }
      const first = (await f.op('POST', '/orgs', request)).json as unknown as Created
      const repeat = await f.op('POST', '/orgs', request)
      assert.equal(repeat.status, 200)
      assert.equal((repeat.json as unknown as Created).invitation, null)
      const orgId = first.organization.id
      const issued = await f.op('POST', `/orgs/${orgId}/owner-invitation`)
      assert.equal(issued.status, 201, JSON.stringify(issued.json))
      const invitations = f.server.app.services.invitations
      const tokenOf = (url: string) => decodeURIComponent(url.split('/invite/')[1] ?? '')
      await assert.rejects(invitations.inviteeFor(tokenOf(first.invitation?.url ?? '')))
      const fresh = tokenOf(issued.json['inviteUrl'] as string)
      await invitations.accept(
        fresh,
        'correct horse battery staple',
        'correct horse battery staple',
        {
          ip: '127.0.0.1',
          userAgent: null,
        },
      )
      const accepted = await f.op('POST', `/orgs/${orgId}/owner-invitation`)
      assert.equal(accepted.status, 409)
      assert.equal(errorOf(accepted), 'org.owner_active')
    })

    it('refuses bad input with a stable code and writes nothing', async () => {
      await verifyDomain(f, dns, f.b, 'orgb-owned.test')
      const existing = await f.op('POST', '/orgs', {
        name: 'Tailspin',
        ownerEmail: 'owner@tailspin.test',
        externalId: 'cus_tailspin',
      })
      assert.equal(existing.status, 201)
      const existingId = (existing.json as unknown as Created).organization.id
      const before = await countRows(f.server.app.database)
      const cases: [string, unknown, Record<string, string>, number, string][] = [
        [
          'same external id, another name',
          { name: 'Tailspin Toys', ownerEmail: 'x@tailspin2.test', externalId: 'cus_tailspin' },
          {},
          409,
          'org.external_id_taken',
        ],
        [
          'an unknown feature',
          { name: 'Q', ownerEmail: 'o@q.test', features: ['sso', 'teleport'] },
          {},
          400,
          'org.unknown_feature',
        ],
        [
          "an owner in another organization's verified domain",
          { name: 'R', ownerEmail: 'boss@orgb-owned.test' },
          {},
          409,
          'user.domain_taken',
        ],
        [
          'an owner email that exists',
          { name: 'S', ownerEmail: f.a.ownerEmail.toUpperCase() },
          {},
          409,
          'user.email_taken',
        ],
        ['a blank name', { name: '  ', ownerEmail: 'o@t.test' }, {}, 400, 'org.invalid_name'],
        [
          'an external id with spaces around',
          { name: 'U', ownerEmail: 'o@u.test', externalId: ' cus ' },
          {},
          400,
          'org.invalid_external_id',
        ],
        [
          'a malformed Idempotency-Key',
          { name: 'V', ownerEmail: 'o@v.test' },
          { 'idempotency-key': 'a b' },
          400,
          'idempotency.invalid_key',
        ],
        [
          'an unknown field',
          { name: 'W', ownerEmail: 'o@w.test', plan: 'gold' },
          {},
          400,
          'request.invalid',
        ],
      ]
      for (const [what, body, headers, status, code] of cases) {
        const result = await f.op('POST', '/orgs', body, headers)
        assert.equal(result.status, status, `${what}: ${JSON.stringify(result.json)}`)
        assert.equal(errorOf(result), code, what)
        if (code === 'org.external_id_taken') {
          const details = (result.json['error'] as { details: { organizationId: string } }).details
          assert.equal(details.organizationId, existingId)
        }
      }
      assert.deepEqual(await countRows(f.server.app.database), before)
    })

    it('lists newest first with search by name or external id, a status filter and a cursor', async () => {
      for (const n of [1, 2, 3]) {
        const made = await f.op('POST', '/orgs', {
          name: `Paging ${n}`,
          ownerEmail: `owner${n}@paging.test`,
          externalId: `cus_paging_${n}`,
        })
        assert.equal(made.status, 201)
      }
      const first = await f.op('GET', '/orgs?search=paging&limit=2')
      assert.equal(first.status, 200)
      const page1 = first.json as { organizations: { name: string }[]; nextCursor: string }
      assert.deepEqual(
        page1.organizations.map((o) => o.name),
        ['Paging 3', 'Paging 2'],
      )
      const second = await f.op('GET', `/orgs?search=paging&limit=2&cursor=${page1.nextCursor}`)
      const page2 = second.json as { organizations: { name: string }[]; nextCursor: string | null }
      assert.deepEqual(
        page2.organizations.map((o) => o.name),
        ['Paging 1'],
      )
      assert.equal(page2.nextCursor, null)
      const byId = await f.op('GET', '/orgs?search=cus_paging_2')
      assert.deepEqual(
        (byId.json as typeof page1).organizations.map((o) => o.name),
        ['Paging 2'],
      )
      const wildcard = await f.op('GET', '/orgs?search=%25')
      assert.deepEqual(
        (wildcard.json as typeof page1).organizations,
        [],
        'LIKE wildcards are literal',
      )
      const suspended = await f.op('GET', '/orgs?status=suspended')
      assert.deepEqual((suspended.json as typeof page1).organizations, [])
    })

    it('changes name, external id and plan, audited from → to; a taken external id is 409', async () => {
      const patch = await f.op('PATCH', `/orgs/${f.a.orgId}`, {
        name: 'Org A Renamed',
        externalId: 'cus_a',
        features: ['sso', 'import'],
      })
      assert.equal(patch.status, 200, JSON.stringify(patch.json))
      const org = (patch.json as unknown as Created).organization
      assert.equal(org.name, 'Org A Renamed')
      assert.deepEqual(org.features, ['sso', 'import'])
      const taken = await f.op('PATCH', `/orgs/${f.b.orgId}`, { externalId: 'cus_a' })
      assert.equal(taken.status, 409)
      assert.equal(errorOf(taken), 'org.external_id_taken')
      const event = await f.server.app.database.db
        .selectFrom('audit_events')
        .select('details')
        .where('org_id', '=', f.a.orgId)
        .where('type', '=', 'org.updated')
        .executeTakeFirstOrThrow()
      assert.deepEqual(JSON.parse(event.details).changes.name, {
        from: 'OrgA',
        to: 'Org A Renamed',
      })
      const cleared = await f.op('PATCH', `/orgs/${f.a.orgId}`, {
        externalId: null,
        features: ['sso', 'scim', 'import'],
      })
      assert.equal((cleared.json as unknown as Created).organization.externalId, null)
      const unknown = await f.op('PATCH', '/orgs/00000000-0000-4000-8000-000000000000', {
        name: 'X',
      })
      assert.equal(unknown.status, 404)
      assert.equal(errorOf(unknown), 'org.not_found')
    })

    it('takes the scope each route names: a read-only token reads and cannot write', async () => {
      const read = await f.api(f.readOnlyToken, 'GET', '/api/v1/operator/orgs')
      assert.equal(read.status, 200)
      const write = await f.api(f.readOnlyToken, 'POST', '/api/v1/operator/orgs', {
        name: 'Nope',
        ownerEmail: 'o@nope.test',
      })
      assert.equal(write.status, 403)
      assert.equal(errorOf(write), 'auth.insufficient_scope')
      const clients = await f.api(f.readOnlyToken, 'GET', '/api/v1/operator/clients')
      assert.equal(clients.status, 403)
    })

    it('a revoked operator token is 401 at once', async () => {
      const tokens = f.server.app.services.operatorTokens
      const { token, secret } = await tokens.create('short-lived', undefined, {
        type: 'operator',
        id: 'cli',
      })
      assert.equal((await f.api(secret, 'GET', '/api/v1/operator/orgs')).status, 200)
      await tokens.revoke(token.id, { type: 'operator', id: 'cli' })
      assert.equal((await f.api(secret, 'GET', '/api/v1/operator/orgs')).status, 401)
    })
  })
}
