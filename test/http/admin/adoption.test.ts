/**
 * "Import existing users of my verified domains" (SPEC §4, issue 10): accounts another organization made
 * in a domain before this organization verified it move here — listed by a dry run that writes nothing,
 * moved one transaction each with their sessions ended, audited in both organizations. Owners stay.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import { TestDNSServer } from '../../helpers/dns-server.ts'
import { countRows } from '../../helpers/storage.ts'
import { setupAdmin, verifyDomain, type AdminFixture, type SignedIn } from './admin.setup.ts'

interface Result {
  email: string
  userId: string
  outcome: string
  code?: string
  endedSessions?: number
}

for (const engine of DIALECTS) {
  describe(`${engine}: adopting existing accounts of verified domains`, () => {
    let f: AdminFixture
    const dns = new TestDNSServer()
    let stray: SignedIn
    let strayId: string
    const adopt = (query = '', body: unknown = {}) =>
      f.api(f.a.token, 'POST', `/api/v1/orgs/${f.a.orgId}/users/adopt${query}`, body)

    before(async () => {
      f = await setupAdmin(engine, { config: { DNS_SERVERS: await dns.start() } })
      // Made by B (and a third organization's owner) while nobody had verified shared.test.
      strayId = await f.addUser(f.b, 'stray@shared.test', 'admin')
      stray = await f.signIn('stray@shared.test')
      await f.server.app.services.orgs.createOrganization(
        { name: 'Third', adminEmail: 'boss@shared.test' },
        { type: 'operator', id: 'test' },
      )
      await verifyDomain(f, dns, f.a, 'shared.test')
    })
    after(async () => {
      await f.close()
      await dns.stop()
    })

    it('lists the candidates in a dry run and writes nothing', async () => {
      const before = await countRows(f.server.app.database)
      const answer = await adopt('?dryRun=true')
      assert.equal(answer.status, 200, JSON.stringify(answer.json))
      const results = answer.json['results'] as Result[]
      assert.deepEqual(
        results.map((r) => [r.email, r.outcome, r.code ?? null]),
        [
          ['stray@shared.test', 'adopt', null],
          ['boss@shared.test', 'skip', 'adoption.owner_elsewhere'],
        ],
      )
      assert.equal(answer.json['more'], false)
      assert.deepEqual(await countRows(f.server.app.database), before)
    })

    it('moves the account: member here, gone there, sessions ended, audited in both', async () => {
      assert.equal(
        (await f.sessionApi(stray, 'GET', `/api/v1/orgs/${f.b.orgId}/users`)).status,
        200,
        'signed in as an admin of B before',
      )
      // B's IdP had given the role and sent group values (issue 28): none of it may follow into A.
      await f.server.app.database.db
        .updateTable('users')
        .set({ role_from: JSON.stringify({ rule: null }), idp_groups: '{"groups":["b-admins"]}' })
        .where('id', '=', strayId)
        .execute()
      const answer = await adopt('', { emails: ['Stray@Shared.test'] })
      const results = answer.json['results'] as Result[]
      assert.deepEqual(
        results.map((r) => [r.email, r.outcome, r.endedSessions ?? null]),
        [['stray@shared.test', 'adopted', 1]],
      )
      const here = await f.api(f.a.token, 'GET', `/api/v1/orgs/${f.a.orgId}/users/${strayId}`)
      assert.equal(here.status, 200)
      assert.equal(here.json['role'], 'member')
      assert.equal(here.json['roleFrom'], null)
      const moved = await f.server.app.database.db
        .selectFrom('users')
        .select('idp_groups')
        .where('id', '=', strayId)
        .executeTakeFirst()
      assert.equal(moved?.idp_groups, null)
      assert.equal(here.json['status'], 'active')
      const there = await f.api(f.b.token, 'GET', `/api/v1/orgs/${f.b.orgId}/users/${strayId}`)
      assert.equal(there.status, 404)
      assert.equal((await f.sessionApi(stray, 'GET', '/api/v1/session')).status, 401)
      const inA = await f.api(
        f.a.token,
        'GET',
        `/api/v1/orgs/${f.a.orgId}/audit-events?type=user.adopted`,
      )
      assert.equal((inA.json['events'] as unknown[]).length, 1)
      const inB = await f.api(
        f.b.token,
        'GET',
        `/api/v1/orgs/${f.b.orgId}/audit-events?type=user.transferred_out`,
      )
      assert.equal((inB.json['events'] as unknown[]).length, 1)
      // The password still works: the person signs in to A now.
      const again = await f.signIn('stray@shared.test')
      const session = await f.sessionApi(again, 'GET', '/api/v1/session')
      assert.equal(session.json['organizationId'], f.a.orgId)
      assert.equal(session.json['role'], 'member')
    })

    it('leaves owners where they are and finds nothing more to move', async () => {
      const answer = await adopt()
      assert.deepEqual(
        (answer.json['results'] as Result[]).map((r) => [r.email, r.outcome, r.code ?? null]),
        [['boss@shared.test', 'skip', 'adoption.owner_elsewhere']],
      )
    })

    it('moves nothing across a domain the caller has not verified', async () => {
      const answer = await f.api(f.b.token, 'POST', `/api/v1/orgs/${f.b.orgId}/users/adopt`, {})
      assert.deepEqual(answer.json['results'], [])
    })
  })
}
