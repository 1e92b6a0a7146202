/**
 * Domains on the operator's word (issue 23), on both engines: verified without DNS, audited as the
 * operator token's act, never re-checked in DNS (there may be no record), refused when another
 * organization verified the name or it is a public suffix.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../src/platform/clock.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { TestDNSServer } from '../../helpers/dns-server.ts'
import { countRows } from '../../helpers/storage.ts'
import { verifyDomain } from '../admin/admin.setup.ts'
import { errorOf, setupOperator, type OperatorFixture } from './operator.setup.ts'

const DAY = 24 * 3600_000

for (const dialect of DIALECTS) {
  describe(`${dialect}: operator-vouched domains`, () => {
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
    const vouch = (orgId: string, name: string) =>
      f.op('POST', `/orgs/${orgId}/verified-domains`, { name })

    it('verifies without DNS, audits the operator, and the daily re-check leaves it verified', async () => {
      const answer = await vouch(f.a.orgId, 'Vouched.test')
      assert.equal(answer.status, 200, JSON.stringify(answer.json))
      assert.deepEqual(
        { name: answer.json['name'], status: answer.json['status'], by: answer.json['verifiedBy'] },
        { name: 'vouched.test', status: 'verified', by: 'operator' },
      )
      const id = answer.json['id'] as string
      const read = await f.api(f.a.token, 'GET', `/api/v1/orgs/${f.a.orgId}/domains/${id}`)
      assert.equal(read.json['verifiedBy'], 'operator')
      for (let day = 0; day < 32; day++) {
        clock.advance(DAY + 1)
        await f.server.app.services.domains.recheckDue()
      }
      const later = await f.api(f.a.token, 'GET', `/api/v1/orgs/${f.a.orgId}/domains/${id}`)
      assert.equal(later.json['status'], 'verified')
      const events = await f.server.app.database.db
        .selectFrom('audit_events')
        .select(['type', 'actor_type', 'details'])
        .where('target_id', '=', id)
        .orderBy('occurred_at')
        .execute()
      assert.deepEqual(
        events.map((e) => `${e.type}/${e.actor_type}`),
        ['domain.added/operator_token', 'domain.verified/operator_token'],
      )
      assert.equal(JSON.parse(events[1]?.details ?? '{}').by, 'operator')
      // Again: nothing new.
      const again = await vouch(f.a.orgId, 'vouched.test')
      assert.equal(again.json['id'], id)
    })

    it('verifies a domain the organization added but could not verify', async () => {
      const added = await f.api(f.a.token, 'POST', `/api/v1/orgs/${f.a.orgId}/domains`, {
        name: 'no-dns-access.test',
      })
      const answer = await vouch(f.a.orgId, 'no-dns-access.test')
      assert.equal(answer.json['id'], added.json['id'])
      assert.equal(answer.json['status'], 'verified')
    })

    it("refuses another organization's verified domain and public suffixes, writing nothing", async () => {
      await verifyDomain(f, dns, f.b, 'orgb.test')
      const before = await countRows(f.server.app.database)
      for (const [name, status, code] of [
        ['orgb.test', 409, 'domain.taken'],
        ['co.uk', 400, 'domain.public_suffix'],
        ['github.io', 400, 'domain.public_suffix'],
        ['gmail.com', 400, 'domain.public_mail'],
      ] as const) {
        const answer = await vouch(f.a.orgId, name)
        assert.equal(answer.status, status, name)
        assert.equal(errorOf(answer), code, name)
      }
      assert.equal((await vouch('00000000-0000-4000-8000-000000000000', 'x.test')).status, 404)
      assert.deepEqual(await countRows(f.server.app.database), before)
    })
  })
}
