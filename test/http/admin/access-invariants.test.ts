/**
 * The organization keeps its ways in after every change that could break them (SPEC §4), on both
 * databases: an enforced domain always has a usable, tested profile; the owner is never sent to SSO
 * without one; losing every password way in is a risk the request must acknowledge. Each refusal
 * writes nothing; each resolution (lifting enforcement) is audited.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
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
  describe(`${dialect}: the organization keeps a way in`, () => {
    let f: AdminFixture
    const dns = new TestDNSServer()
    before(async () => {
      f = await setupAdmin(dialect, { config: { DNS_SERVERS: await dns.start() } })
    })
    after(async () => {
      await f.close()
      await dns.stop()
    })
    const org = () => `/api/v1/orgs/${f.a.orgId}`
    const api = (method: string, path: string, body?: unknown) =>
      f.api(f.a.token, method, `${org()}${path}`, body)

    const verified = new Map<string, string>()
    /** Verifies `name` for org A (once) and returns its id. */
    const verify = async (name: string): Promise<string> => {
      const id = verified.get(name) ?? (await verifyDomain(f, dns, f.a, name))
      verified.set(name, id)
      return id
    }
    /** A usable profile serving `domains`, its connection test passed. */
    const testedProfile = async (domains: string[]): Promise<string> => {
      for (const name of domains) await verify(name)
      return addUsableProfile(f, f.a, { tested: true, domains })
    }
    const enforce = async (domains: string[]) => {
      const result = await api('PUT', '/enforcement', { domains, acknowledgeLockoutRisk: true })
      assert.equal(result.status, 200, JSON.stringify(result.json))
    }
    const enforced = async () =>
      ((await api('GET', '/enforcement')).json['domains'] as { name: string; enforced: boolean }[])
        .filter((d) => d.enforced)
        .map((d) => d.name)
        .sort()
    const auditCount = async (type: string) =>
      Number(
        (
          await f.server.app.database.db
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('org_id', '=', f.a.orgId)
            .where('type', '=', type)
            .executeTakeFirstOrThrow()
        ).n,
      )
    const refusedWithoutWrites = async (
      request: () => Promise<{ status: number; json: Record<string, unknown> }>,
      code: string,
    ) => {
      const before = await countRows(f.server.app.database)
      const result = await request()
      assert.equal(result.status, 409, JSON.stringify(result.json))
      assert.equal(errorCode(result.json), code)
      assert.deepEqual(await countRows(f.server.app.database), before)
    }

    describe('an enforced domain always has a usable, tested profile', () => {
      const changes: [string, (id: string) => [string, string, unknown?]][] = [
        ['deleting its profile', (id) => ['DELETE', `/sso-profiles/${id}`]],
        ['disabling its profile', (id) => ['PATCH', `/sso-profiles/${id}`, { status: 'disabled' }]],
        ['no longer serving it', (id) => ['PATCH', `/sso-profiles/${id}`, { domains: [] }]],
        [
          'a new IdP (which needs a new test)',
          (id) => ['PATCH', `/sso-profiles/${id}`, { idpEntityId: 'https://other-idp.test' }],
        ],
      ]
      for (const [name, change] of changes) {
        it(`refuses ${name}, or lifts enforcement with it when asked`, async () => {
          const domain = `e${randomBytes(3).toString('hex')}.test`
          const profileId = await testedProfile([domain])
          await enforce([domain])
          const [method, path, body] = change(profileId)
          await refusedWithoutWrites(() => api(method, path, body), 'enforcement.profile_required')
          assert.ok((await enforced()).includes(domain))
          const liftsBefore = await auditCount('enforcement.changed')
          const lifted = await api(method, `${path}?liftEnforcement=true`, body)
          assert.ok(lifted.status === 200 || lifted.status === 204, JSON.stringify(lifted.json))
          assert.ok(!(await enforced()).includes(domain))
          assert.equal(await auditCount('enforcement.changed'), liftsBefore + 1)
        })
      }

      it('keeps a rotation (adding a certificate) and harmless edits working while enforced', async () => {
        const domain = `r${randomBytes(3).toString('hex')}.test`
        const profileId = await testedProfile([domain])
        await enforce([domain])
        const renamed = await api('PATCH', `/sso-profiles/${profileId}`, { name: 'Renamed' })
        assert.equal(renamed.status, 200, JSON.stringify(renamed.json))
        assert.ok((await enforced()).includes(domain))
      })
    })

    describe("the owner's way in", () => {
      it('refuses SSO "enabled" for the owner while no tested profile serves their domain, even acknowledged', async () => {
        await refusedWithoutWrites(
          () =>
            api('PUT', `/users/${f.a.ownerId}/sso`, {
              mode: 'enabled',
              confirm: true,
              acknowledgeLockoutRisk: true,
            }),
          'user.owner_lockout',
        )
      })

      it('warns before the owner loses the last password way in, and proceeds when acknowledged', async () => {
        const profileId = await testedProfile(['orga.test'])
        await refusedWithoutWrites(
          () => api('PUT', `/users/${f.a.ownerId}/sso`, { mode: 'enabled', confirm: true }),
          'enforcement.lockout_risk',
        )
        const acknowledged = await api('PUT', `/users/${f.a.ownerId}/sso`, {
          mode: 'enabled',
          confirm: true,
          acknowledgeLockoutRisk: true,
        })
        assert.equal(acknowledged.status, 200, JSON.stringify(acknowledged.json))
        // Now the owner's only way in is that profile: it cannot go, even lifting enforcement.
        await refusedWithoutWrites(
          () => api('DELETE', `/sso-profiles/${profileId}?liftEnforcement=true`),
          'user.owner_lockout',
        )
        await refusedWithoutWrites(
          () => api('DELETE', `/domains/${verified.get('orga.test')}`),
          'user.owner_lockout',
        )
        // Positive control: with the owner back on a password, the profile can go.
        const back = await api('PUT', `/users/${f.a.ownerId}/sso`, { mode: 'none', confirm: true })
        assert.equal(back.status, 200)
        assert.equal((await api('DELETE', `/sso-profiles/${profileId}`)).status, 204)
      })

      it('refuses to hand ownership to someone who would have no way in', async () => {
        const heirId = await f.addUser(
          f.a,
          `heir-${randomBytes(2).toString('hex')}@orga.test`,
          'admin',
        )
        const sso = await api('PUT', `/users/${heirId}/sso`, { mode: 'enabled', confirm: true })
        assert.equal(sso.status, 200, JSON.stringify(sso.json))
        const owner = await f.signIn(f.a.ownerEmail)
        await refusedWithoutWrites(
          () => f.sessionApi(owner, 'PUT', `${org()}/owner`, { userId: heirId }),
          'user.owner_lockout',
        )
      })
    })

    it('previews enforcement even when it carries a lock-out risk', async () => {
      const before = await countRows(f.server.app.database)
      const preview = await api('PUT', '/enforcement?dryRun=true', { domains: ['orga.test'] })
      // orga.test's profile is gone: the preview says why it cannot be enforced…
      assert.equal(errorCode(preview.json), 'enforcement.untested_profile')
      await testedProfile(['orga.test'])
      // …and with a tested profile it answers with the risk instead of refusing.
      const risky = await api('PUT', '/enforcement?dryRun=true', { domains: ['orga.test'] })
      assert.equal(risky.status, 200, JSON.stringify(risky.json))
      assert.equal(risky.json['lockoutRisk'], true)
      assert.ok(Number(risky.json['affectedUsers']) >= 1)
      const after = await countRows(f.server.app.database)
      assert.equal(after['domains'], before['domains'])
      assert.ok(!(await enforced()).includes('orga.test'))
    })
  })
}
