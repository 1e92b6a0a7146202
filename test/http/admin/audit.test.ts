/** The audit log through the Admin API: every write of this API recorded, filters, pages. Both databases. */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import { errorCode, setupAdmin, type AdminFixture } from './admin.setup.ts'

interface Event {
  id: string
  type: string
  outcome: string
  actor: { type: string; id: string | null }
  target: { type: string; id: string } | null
  occurredAt: string
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: admin API audit events`, () => {
    let f: AdminFixture
    let userId: string
    before(async () => {
      f = await setupAdmin(dialect)
      const created = await f.api(f.a.token, 'POST', `/api/v1/orgs/${f.a.orgId}/users`, {
        email: 'audited@orga.test',
      })
      userId = (created.json['user'] as { id: string }).id
      await f.api(f.a.token, 'PATCH', `/api/v1/orgs/${f.a.orgId}/users/${userId}`, {
        givenName: 'A',
      })
      await f.api(f.a.token, 'POST', `/api/v1/orgs/${f.a.orgId}/users/${userId}/deactivate`)
      await f.api(f.b.token, 'POST', `/api/v1/orgs/${f.b.orgId}/users`, {
        email: 'other@orgb.test',
      })
    })
    after(() => f.close())
    const list = async (query = '') => {
      const result = await f.api(f.a.token, 'GET', `/api/v1/orgs/${f.a.orgId}/audit-events${query}`)
      assert.equal(result.status, 200, JSON.stringify(result.json))
      return result.json as { events: Event[]; nextCursor: string | null }
    }

    it("records this API's writes with the token as actor, newest first, only this organization's", async () => {
      const { events } = await list(`?user=${userId}`)
      assert.deepEqual(
        events.map((e) => e.type),
        ['user.deactivated', 'user.updated', 'user.invited'],
      )
      for (const event of events) {
        assert.equal(event.actor.type, 'admin_token')
        assert.deepEqual(event.target, { type: 'user', id: userId })
      }
      const all = await list('?limit=100')
      assert.ok(all.events.every((e) => e.target?.id !== f.b.ownerId && e.target?.id !== f.b.orgId))
      assert.ok(!JSON.stringify(all).includes('other@orgb.test'))
    })

    it('filters by type, actor and time, and pages with a cursor', async () => {
      assert.deepEqual(
        (await list('?type=user.updated')).events.map((e) => e.type),
        ['user.updated'],
      )
      const byOperator = await list('?actor=test')
      assert.ok(byOperator.events.length >= 2)
      assert.ok(byOperator.events.every((e) => e.actor.id === 'test'))
      const future = new Date(Date.now() + 3600_000).toISOString()
      assert.deepEqual((await list(`?from=${encodeURIComponent(future)}`)).events, [])
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const page: { events: Event[]; nextCursor: string | null } = await list(
          `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        )
        seen.push(...page.events.map((e) => e.id))
        cursor = page.nextCursor
      } while (cursor !== null)
      assert.equal(new Set(seen).size, seen.length)
      assert.equal(seen.length, (await list('?limit=100')).events.length)
    })

    it('refuses malformed filters', async () => {
      for (const query of ['?from=yesterday', '?type=DROP TABLE', '?limit=0', '?page=2']) {
        const result = await f.api(
          f.a.token,
          'GET',
          `/api/v1/orgs/${f.a.orgId}/audit-events${query}`,
        )
        assert.equal(result.status, 400, query)
        assert.equal(errorCode(result.json), 'request.invalid')
      }
    })
  })
}
