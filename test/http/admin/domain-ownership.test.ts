/**
 * A verified domain belongs to one organization (SPEC §2), on both databases: no other organization may
 * put a user in it, and an account that was already there when the domain was verified signs in only
 * the way the owner's enforcement allows.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { isAppError } from '../../../src/errors/app-error.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { TestDNSServer } from '../../helpers/dns-server.ts'
import { countRows } from '../../helpers/storage.ts'
import {
  errorCode,
  setupAdmin,
  verifyDomain,
  type AdminFixture,
  type AdminOrg,
} from './admin.setup.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: a verified domain belongs to one organization`, () => {
    let f: AdminFixture
    const dns = new TestDNSServer()
    before(async () => {
      f = await setupAdmin(dialect, { config: { DNS_SERVERS: await dns.start() } })
    })
    after(async () => {
      await f.close()
      await dns.stop()
    })
    const users = (org: AdminOrg) => `/api/v1/orgs/${org.orgId}/users`
    const verify = (org: AdminOrg, name: string) => verifyDomain(f, dns, org, name)

    it("refuses to create a user in another organization's verified domain, writing nothing", async () => {
      await verify(f.b, 'orgb-owned.test')
      const before = await countRows(f.server.app.database)
      const refused = await f.api(f.a.token, 'POST', users(f.a), {
        email: 'CFO@orgb-owned.test',
        role: 'admin',
      })
      assert.equal(refused.status, 409)
      assert.equal(errorCode(refused.json), 'user.domain_taken')
      assert.deepEqual(await countRows(f.server.app.database), before)
      // Positive control: the owner of the domain creates that user.
      const owner = await f.api(f.b.token, 'POST', users(f.b), { email: 'cfo@orgb-owned.test' })
      assert.equal(owner.status, 201, JSON.stringify(owner.json))
      // And an unverified (merely added) domain of B does not block A.
      await f.api(f.b.token, 'POST', `/api/v1/orgs/${f.b.orgId}/domains`, {
        name: 'orgb-pending.test',
      })
      const pending = await f.api(f.a.token, 'POST', users(f.a), { email: 'x@orgb-pending.test' })
      assert.equal(pending.status, 201, JSON.stringify(pending.json))
    })

    it("refuses a new organization whose owner is in another organization's verified domain", async () => {
      await verify(f.b, 'orgb-operator.test')
      await assert.rejects(
        f.server.app.services.orgs.createOrganization(
          { name: 'Intruder', adminEmail: 'boss@orgb-operator.test' },
          { type: 'operator', id: 'test' },
        ),
        (error) => isAppError(error) && error.code === 'user.domain_taken',
      )
    })

    it("keeps an account that predates the verification to the owner's enforcement", async () => {
      // A's account exists before B verifies the domain: an account awaiting adoption.
      await f.addUser(f.a, 'early@orgb-late.test', 'admin')
      await verify(f.b, 'orgb-late.test')
      // Not enforced by B: the account keeps signing in by password.
      await f.signIn('early@orgb-late.test')
      // B enforces SSO on its domain: A's account cannot get around it, not even with an exception.
      await f.server.app.database.db
        .updateTable('domains')
        .set({ enforced_at: Date.now() })
        .where('org_id', '=', f.b.orgId)
        .where('name', '=', 'orgb-late.test')
        .execute()
      const early = await f.api(f.a.token, 'GET', `${users(f.a)}?q=early`)
      const earlyId = (early.json['users'] as { id: string }[])[0]?.id
      const exempt = await f.api(f.a.token, 'PUT', `${users(f.a)}/${earlyId}/sso`, {
        mode: 'disabled',
        confirm: true,
      })
      assert.equal(exempt.status, 200, JSON.stringify(exempt.json))
      await assert.rejects(
        f.signIn('early@orgb-late.test', undefined, true),
        /login\.sso_unavailable/,
      )
      await assert.rejects(f.signIn('early@orgb-late.test'), /login\.sso_unavailable/)
    })
  })
}
