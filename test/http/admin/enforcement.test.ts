/**
 * SSO enforcement through the Admin API, and its effect on the login pages at once, on both databases.
 * SSO profiles are created with SQL here: their API belongs to the SAML issue.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import { TestDNSServer } from '../../helpers/dns-server.ts'
import { countRows } from '../../helpers/storage.ts'
import {
  addUsableProfile,
  errorCode,
  setupAdmin,
  verifyDomain,
  type AdminFixture,
} from './admin.setup.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: admin API enforcement`, () => {
    let f: AdminFixture
    const dns = new TestDNSServer()
    const enforcement = () => `/api/v1/orgs/${f.a.orgId}/enforcement`
    let corp: string
    let profileId: string

    const verifiedDomain = (name: string) => verifyDomain(f, dns, f.a, name)
    const addProfile = (tested: boolean) => addUsableProfile(f, f.a, { tested })
    const serve = (domainId: string, ssoProfileId: string) =>
      f.server.app.database.db
        .updateTable('domains')
        .set({ sso_profile_id: ssoProfileId })
        .where('id', '=', domainId)
        .execute()

    before(async () => {
      f = await setupAdmin(dialect, { config: { DNS_SERVERS: await dns.start() } })
      corp = await verifiedDomain('corp.test')
      profileId = await addProfile(true)
      await serve(corp, profileId)
      await f.addUser(f.a, 'alice@corp.test', 'member')
      await f.addUser(f.a, 'bob@corp.test', 'member')
    })
    after(async () => {
      await f.close()
      await dns.stop()
    })

    it('refuses domains that are unknown, unverified, or served by no tested profile; writes nothing', async () => {
      await f.api(f.a.token, 'POST', `/api/v1/orgs/${f.a.orgId}/domains`, { name: 'pending.test' })
      const untestedDomain = await verifiedDomain('untested.test')
      await serve(untestedDomain, await addProfile(false))
      await verifiedDomain('unserved.test')
      const before = await countRows(f.server.app.database)
      for (const [name, code] of [
        ['nowhere.test', 'enforcement.unknown_domain'],
        ['pending.test', 'enforcement.unverified_domain'],
        ['untested.test', 'enforcement.untested_profile'],
        ['unserved.test', 'enforcement.untested_profile'],
      ] as const) {
        const result = await f.api(f.a.token, 'PUT', enforcement(), {
          domains: ['corp.test', name],
        })
        assert.equal(result.status, 409, name)
        assert.equal(errorCode(result.json), code)
      }
      assert.deepEqual(await countRows(f.server.app.database), before)
    })

    it('previews the affected users without writing', async () => {
      const before = await countRows(f.server.app.database)
      const preview = await f.api(f.a.token, 'PUT', `${enforcement()}?dryRun=true`, {
        domains: ['Corp.Test'],
      })
      assert.equal(preview.status, 200, JSON.stringify(preview.json))
      assert.equal(preview.json['affectedUsers'], 2)
      assert.equal(preview.json['lockoutRisk'], false)
      assert.deepEqual(await countRows(f.server.app.database), before)
      const now = await f.api(f.a.token, 'GET', enforcement())
      assert.equal(now.json['affectedUsers'], 0)
    })

    it('changes the login policy at once: SSO required, unless the user is exempted', async () => {
      const signInStatus = async (email: string, viaPassword = false) => {
        try {
          await f.signIn(email, undefined, viaPassword)
          return 'signed-in'
        } catch (error) {
          return String((error as Error).message)
        }
      }
      assert.equal(await signInStatus('alice@corp.test'), 'signed-in')
      const enforced = await f.api(f.a.token, 'PUT', enforcement(), { domains: ['corp.test'] })
      assert.equal(enforced.status, 200, JSON.stringify(enforced.json))
      assert.equal(enforced.json['affectedUsers'], 2)
      // The email page now answers with the SSO page, for known and unknown addresses alike.
      assert.match(await signInStatus('alice@corp.test'), /Continue to your identity provider/)
      assert.match(await signInStatus('nobody@corp.test'), /Continue to your identity provider/)
      // Asking for the password page instead: the right password only says SSO is required.
      assert.match(await signInStatus('alice@corp.test', true), /login\.sso_required/)
      assert.match(await signInStatus('nobody@corp.test', true), /login\.invalid_credentials/)
      const users = await f.api(f.a.token, 'GET', `/api/v1/orgs/${f.a.orgId}/users?q=bob`)
      const bob = (users.json['users'] as { id: string }[])[0]
      const exempt = await f.api(
        f.a.token,
        'PUT',
        `/api/v1/orgs/${f.a.orgId}/users/${bob?.id}/sso`,
        {
          mode: 'disabled',
          confirm: true,
        },
      )
      assert.equal(exempt.status, 200)
      assert.equal(await signInStatus('bob@corp.test', true), 'signed-in')
      const lifted = await f.api(f.a.token, 'PUT', enforcement(), { domains: [] })
      assert.equal(lifted.status, 200)
      assert.equal(await signInStatus('alice@corp.test'), 'signed-in')
    })

    it('warns before locking every owner and admin out, and proceeds only when acknowledged', async () => {
      const own = await verifiedDomain('orga.test')
      await serve(own, profileId)
      const risky = await f.api(f.a.token, 'PUT', enforcement(), { domains: ['orga.test'] })
      assert.equal(risky.status, 409)
      assert.equal(errorCode(risky.json), 'enforcement.lockout_risk')
      const acknowledged = await f.api(f.a.token, 'PUT', enforcement(), {
        domains: ['orga.test'],
        acknowledgeLockoutRisk: true,
      })
      assert.equal(acknowledged.status, 200)
      assert.equal(acknowledged.json['lockoutRisk'], true)
      // Break-glass: the owner is exempted, and the risk is gone.
      await f.api(f.a.token, 'PUT', `/api/v1/orgs/${f.a.orgId}/users/${f.a.ownerId}/sso`, {
        mode: 'disabled',
        confirm: true,
      })
      const state = await f.api(f.a.token, 'GET', enforcement())
      assert.equal(state.json['lockoutRisk'], false)
      const types = await f.server.app.database.db
        .selectFrom('audit_events')
        .select('type')
        .where('org_id', '=', f.a.orgId)
        .where('type', '=', 'enforcement.changed')
        .execute()
      assert.ok(types.length >= 3)
    })

    it('rejects malformed input with 400 and writes nothing', async () => {
      const before = await countRows(f.server.app.database)
      for (const body of [
        { domains: 'corp.test' },
        { domains: ['corp.test', 'corp.test'] },
        { domains: [''] },
        {},
      ]) {
        const result = await f.api(f.a.token, 'PUT', enforcement(), body)
        assert.equal(result.status, 400, JSON.stringify(body))
      }
      assert.deepEqual(await countRows(f.server.app.database), before)
    })
  })
}
