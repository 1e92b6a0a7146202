/**
 * The event log (issue 24) through real HTTP on both engines: every event type is produced by a real
 * action (Admin API, SCIM, import, operator API, the expiry job), carries the resource as the Admin API
 * shows it and no secret; each organization reads only its own; a consumer tailing the log with its
 * cursor while two instances write at once misses nothing and sees nothing twice.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { EVENT_TYPES, type EventType } from '../../../src/events/event.ts'
import { ManualClock } from '../../../src/platform/clock.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { TestDNSServer } from '../../helpers/dns-server.ts'
import { K_A } from '../../helpers/saml.ts'
import { verifyDomain } from '../admin/admin.setup.ts'
import { errorOf, setupOperator, type OperatorFixture } from '../operator/operator.setup.ts'

interface Event {
  id: string
  type: EventType
  organizationId: string | null
  actor: { type: string; id: string | null }
  data: Record<string, unknown>
}

const DAY = 24 * 3600_000

for (const dialect of DIALECTS) {
  describe(`${dialect}: the event log`, () => {
    let f: OperatorFixture
    const dns = new TestDNSServer()
    const clock = new ManualClock(Date.now())
    before(async () => {
      f = await setupOperator(dialect, { config: { DNS_SERVERS: await dns.start() }, clock })
    })
    after(async () => {
      await f.close()
      await dns.stop()
    })

    /** Every event after `after`, page by page, as a consumer reads them. */
    const readAll = async (path: string, token: string, after?: string) => {
      const events: Event[] = []
      let cursor = after ?? null
      for (;;) {
        const query = `limit=7${cursor === null ? '' : `&after=${cursor}`}`
        const page = await f.api(token, 'GET', `${path}${path.includes('?') ? '&' : '?'}${query}`)
        assert.equal(page.status, 200, JSON.stringify(page.json))
        const got = page.json['events'] as Event[]
        events.push(...got)
        if (got.length === 0) return { events, cursor }
        cursor = page.json['cursor'] as string
      }
    }

    it('records every type from a real action, with the resource and no secret', async () => {
      const orgA = `/api/v1/orgs/${f.a.orgId}`
      const api = (method: string, path: string, body?: unknown) =>
        f.api(f.a.token, method, `${orgA}${path}`, body)
      // Users: created, updated, deactivated, reactivated, deleted.
      const made = await api('POST', '/users', { email: 'eve@example.test', role: 'member' })
      const userId = (made.json['user'] as { id: string }).id
      await api('PATCH', `/users/${userId}`, { givenName: 'Eve' })
      await api('POST', `/users/${userId}/deactivate`)
      await api('POST', `/users/${userId}/reactivate`)
      await api('DELETE', `/users/${userId}`)
      // Domains: verified, and a verification that fails.
      const domainId = await verifyDomain(f, dns, f.a, 'events.test')
      const pending = await api('POST', '/domains', { name: 'pending-events.test' })
      await api('POST', `/domains/${(pending.json as { id: string }).id}/verify`)
      // SSO profiles: created, updated (serving the domain), enforcement, a certificate expiring, deleted.
      const profile = await api('POST', '/sso-profiles', {
        name: 'IdP',
        idpEntityId: 'https://idp.events.test',
        idpSsoUrl: 'https://idp.events.test/sso',
        certificates: [K_A.cert],
        domains: ['events.test'],
      })
      const profileId = (profile.json as { id: string }).id
      await api('PATCH', `/sso-profiles/${profileId}`, { name: 'IdP renamed' })
      await f.server.app.database.db
        .updateTable('sso_profiles')
        .set({ last_test_at: clock.now(), last_test_passed_at: clock.now() })
        .where('id', '=', profileId)
        .execute()
      const enforce = await api('PUT', '/enforcement', {
        domains: ['events.test'],
        acknowledgeLockoutRisk: true,
      })
      assert.equal(enforce.status, 200, JSON.stringify(enforce.json))
      await api('PUT', '/enforcement', { domains: [] })
      await f.server.app.database.db
        .updateTable('sso_profile_certificates')
        .set({ not_after: clock.now() + 10 * DAY })
        .where('sso_profile_id', '=', profileId)
        .execute()
      assert.equal((await f.server.app.services.metadataRefresh.warnExpiring()).warned, 1)
      await api('DELETE', `/sso-profiles/${profileId}?liftEnforcement=true`)
      // SCIM tokens, and a user provisioned through SCIM with one.
      const scim = await api('POST', '/scim-tokens', { name: 'Okta' })
      const scimToken = scim.json['secret'] as string
      const provisioned = await fetch(`${f.url}/scim/v2/${f.a.orgId}/Users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: 'scimmy@events.test',
          active: true,
        }),
      })
      assert.equal(provisioned.status, 201)
      await api('DELETE', `/scim-tokens/${(scim.json['token'] as { id: string }).id}`)
      // An import run that finishes.
      const run = await fetch(`${f.url}${orgA}/users/import?sendInvitations=false`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.a.token}`, 'content-type': 'text/csv' },
        body: 'email,givenName\nimported@events.test,Imp\n',
      })
      assert.equal(run.status, 202)
      await f.server.app.services.imports.processRuns()
      // The organization: created, updated, deleted (the operator).
      const org = await f.op('POST', '/orgs', { name: 'Ephemeral', ownerEmail: 'o@ephemeral.test' })
      const orgId = (org.json['organization'] as { id: string }).id
      await f.op('PATCH', `/orgs/${orgId}`, { name: 'Ephemeral 2' })
      await f.op('POST', `/orgs/${orgId}/suspend`)
      await f.op('DELETE', `/orgs/${orgId}`)

      const { events } = await readAll('/api/v1/operator/events', f.operatorToken)
      const seen = new Set(events.map((e) => e.type))
      // Two types need a sign-in or a receiver: back-channel-logout.test.ts and webhooks.test.ts.
      const elsewhere: EventType[] = ['session.revoked', 'webhook_endpoint.failing']
      const expected = (Object.keys(EVENT_TYPES) as EventType[]).filter(
        (t) => !elsewhere.includes(t),
      )
      assert.deepEqual(
        expected.filter((type) => !seen.has(type)),
        [],
        'every type seen',
      )
      const text = JSON.stringify(events)
      for (const secret of [scimToken, 'inv_', '$argon2', 'pcs_', 'token_hash', 'password']) {
        assert.ok(!text.includes(secret), `no ${secret} in events`)
      }
      const of = (type: EventType) => events.filter((e) => e.type === type)
      const created = of('user.created').find((e) => e.data['id'] === userId)
      assert.equal(created?.data['email'], 'eve@example.test')
      assert.equal(created?.organizationId, f.a.orgId)
      assert.equal(created?.actor.type, 'admin_token')
      assert.equal(
        of('user.updated').find((e) => e.data['id'] === userId)?.data['givenName'],
        'Eve',
      )
      assert.deepEqual(of('user.deleted').find((e) => e.data['id'] === userId)?.data, {
        id: userId,
        email: 'eve@example.test',
      })
      const verified = of('domain.verified').find((e) => e.data['id'] === domainId)
      assert.equal(verified?.data['status'], 'verified')
      assert.equal(of('sso_profile.updated').at(-1)?.data['name'], 'IdP renamed')
      assert.deepEqual(of('enforcement.changed')[0]?.data['enforced'], ['events.test'])
      const expiring = of('sso_profile.certificate_expiring')[0]?.data['expiring']
      assert.deepEqual(expiring, { code: 'certificate_expires_soon', at: clock.now() + 10 * DAY })
      assert.equal(of('import_run.finished')[0]?.data['status'], 'finished')
      assert.ok(
        of('user.created').some(
          (e) => e.data['email'] === 'scimmy@events.test' && e.actor.type === 'scim',
        ),
      )
      const deleted = of('organization.deleted')[0]
      assert.deepEqual(deleted?.data, { id: orgId, name: 'Ephemeral 2', externalId: null })
      assert.equal(deleted?.organizationId, null)
      assert.ok(
        events.every((e, i) => i === 0 || (events[i - 1]?.id ?? '') < e.id),
        'in id order',
      )
    })

    it("gives an organization's admins its own events only, filtered by type", async () => {
      const mine = await readAll(
        `/api/v1/orgs/${f.b.orgId}/events?types=user.created,user.updated`,
        f.b.token,
      )
      assert.ok(mine.events.every((e) => e.organizationId === f.b.orgId))
      assert.ok(mine.events.every((e) => e.type === 'user.created' || e.type === 'user.updated'))
      const theirs = await f.api(f.b.token, 'GET', `/api/v1/orgs/${f.a.orgId}/events`)
      assert.equal(theirs.status, 404)
      const filtered = await readAll(
        `/api/v1/operator/events?organizationId=${f.b.orgId}`,
        f.operatorToken,
      )
      assert.ok(filtered.events.length > 0)
      assert.ok(filtered.events.every((e) => e.organizationId === f.b.orgId))
      for (const [query, code] of [
        ['types=user.exploded', 'event.unknown_type'],
        ['after=12', 'request.invalid'],
        ['limit=501', 'request.invalid'],
      ] as const) {
        const answer = await f.op('GET', `/events?${query}`)
        assert.equal(answer.status, 400, query)
        assert.equal(errorOf(answer), code, query)
      }
      const readOnly = await f.api(f.readOnlyToken, 'GET', '/api/v1/operator/events')
      assert.equal(readOnly.status, 403, 'events:read is its own scope')
    })

    it('a consumer tailing with its cursor while two instances write at once misses nothing', async () => {
      const start = await f.op('GET', '/events?limit=500')
      let cursor = start.json['cursor'] as string
      const other = await f.startAnother()
      const writers = [f.server.url, other.url]
      const seen: string[] = []
      let writing = true
      const tail = (async () => {
        for (;;) {
          const page = await f.op(
            'GET',
            `/events?limit=50&after=${cursor}&organizationId=${f.b.orgId}`,
          )
          const got = page.json['events'] as Event[]
          seen.push(...got.map((e) => e.id))
          cursor = page.json['cursor'] as string
          if (!writing && got.length === 0) return
        }
      })()
      const users = `/api/v1/orgs/${f.b.orgId}/users`
      await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const response = await fetch(`${writers[i % 2]}${users}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${f.b.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ email: `tail${i}@example.test`, role: 'member' }),
          })
          assert.equal(response.status, 201)
        }),
      )
      writing = false
      await tail
      const stored = await f.server.app.database.db
        .selectFrom('events')
        .select('seq')
        .where('org_id', '=', f.b.orgId)
        .where('seq', '>', Number((start.json['cursor'] as string).slice(4)))
        .orderBy('seq')
        .execute()
      assert.equal(stored.length, 40)
      assert.deepEqual(
        seen,
        stored.map((r) => `evt_${String(r.seq).padStart(16, '0')}`),
        'the tail saw every event once, in order',
      )
    })
  })
}
