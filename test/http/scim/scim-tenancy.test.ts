/**
 * Tenant isolation of SCIM on both databases: foreign ids are 404 like missing ones (SECURITY-CASES
 * SCIM-02), no provisioning into a domain the organization has not verified (SCIM-03), no adoption of
 * an account by email (SCIM-04), no leaks (SCIM-09), the owner protected.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import { countRows } from '../../helpers/storage.ts'
import {
  GROUP_SCHEMA,
  PATCH_SCHEMA,
  setupSCIM,
  USER_SCHEMA,
  type SCIMFixture,
} from './scim.setup.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: SCIM tenant isolation`, () => {
    let s: SCIMFixture
    before(async () => {
      s = await setupSCIM(dialect)
    })
    after(async () => s.close())
    const rows = () => countRows(s.f.server.app.database)

    it("answers another organization's user and group ids exactly like missing ones", async () => {
      const bUser = await s.createUser(s.b, 'b.user')
      const bGroup = await s.scim(s.b, 'POST', '/Groups', {
        schemas: [GROUP_SCHEMA],
        displayName: 'B team',
        members: [{ value: bUser }],
      })
      assert.equal(bGroup.status, 201)
      const bGroupId = String(bGroup.json['id'])
      const before = await rows()
      const answers = new Set<string>()
      for (const [path, id] of [
        ['/Users', bUser],
        ['/Users', randomUUID()],
        ['/Groups', bGroupId],
        ['/Groups', randomUUID()],
      ] as const) {
        const patch = {
          schemas: [PATCH_SCHEMA],
          Operations: [{ op: 'replace', path: 'displayName', value: 'x' }],
        }
        const put =
          path === '/Users'
            ? { schemas: [USER_SCHEMA], userName: 'b.user@orgb.test' }
            : { schemas: [GROUP_SCHEMA], displayName: 'x' }
        for (const [method, body] of [
          ['GET', undefined],
          ['PUT', put],
          ['PATCH', patch],
          ['DELETE', undefined],
        ] as const) {
          const result = await s.scim(s.a, method, `${path}/${id}`, body)
          assert.equal(result.status, 404, `${method} ${path}`)
          answers.add(`${path} ${result.text}`)
        }
      }
      assert.equal(answers.size, 2, [...answers].join('\n')) // one body per resource type
      assert.deepEqual(await rows(), before)
      // positive control: B's own token reaches them
      assert.equal((await s.scim(s.b, 'GET', `/Users/${bUser}`)).status, 200)
      assert.equal((await s.scim(s.b, 'GET', `/Groups/${bGroupId}`)).status, 200)
    })

    it("never lists or filters into another organization's users", async () => {
      await s.createUser(s.b, 'b.listed')
      const all = await s.scim(s.a, 'GET', '/Users?count=200')
      assert.ok(!all.text.includes('orgb.test'), 'B users in A list')
      const filtered = await s.scim(
        s.a,
        'GET',
        `/Users?filter=${encodeURIComponent('userName eq "b.listed@orgb.test" or userName pr')}`,
      )
      assert.ok(!filtered.text.includes('orgb.test'))
      const groups = await s.scim(s.a, 'GET', '/Groups')
      assert.ok(!groups.text.includes('B team'))
      assert.ok(!all.text.includes(s.b.orgId), 'no location of another organization')
    })

    it('refuses a group member from another organization, changing nothing', async () => {
      const bUser = await s.createUser(s.b, 'b.member')
      const aUser = await s.createUser(s.a, 'a.member')
      const before = await rows()
      const created = await s.scim(s.a, 'POST', '/Groups', {
        schemas: [GROUP_SCHEMA],
        displayName: 'Mixed',
        members: [{ value: aUser }, { value: bUser }],
      })
      assert.equal(created.status, 400)
      assert.equal(created.json['scimType'], 'invalidValue')
      assert.deepEqual(await rows(), before)
      const group = await s.scim(s.a, 'POST', '/Groups', {
        schemas: [GROUP_SCHEMA],
        displayName: 'A only',
        members: [{ value: aUser }],
      })
      assert.equal(group.status, 201)
      const id = String(group.json['id'])
      const patched = await s.scim(s.a, 'PATCH', `/Groups/${id}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'add', path: 'members', value: [{ value: bUser }] }],
      })
      assert.equal(patched.status, 400)
      const read = await s.scim(s.a, 'GET', `/Groups/${id}`)
      assert.deepEqual(
        (read.json['members'] as { value: string }[]).map((m) => m.value),
        [aUser],
      )
    })

    it("refuses userNames outside the organization's verified domains, on create and on change", async () => {
      const before = await rows()
      for (const userName of ['ceo@orgb.test', 'someone@unverified.test', 'x@sub.orga.test']) {
        const refused = await s.scim(s.a, 'POST', '/Users', { schemas: [USER_SCHEMA], userName })
        assert.equal(refused.status, 400, userName)
        assert.equal(refused.json['scimType'], 'invalidValue')
        assert.equal(refused.json['code'], 'scim.domain_not_verified')
      }
      assert.deepEqual(await rows(), before)
      const id = await s.createUser(s.a, 'mover')
      for (const value of ['mover@orgb.test', 'mover@unverified.test']) {
        const patch = await s.scim(s.a, 'PATCH', `/Users/${id}`, {
          schemas: [PATCH_SCHEMA],
          Operations: [{ op: 'replace', path: 'userName', value }],
        })
        assert.equal(patch.status, 400, value)
        const put = await s.scim(s.a, 'PUT', `/Users/${id}`, {
          schemas: [USER_SCHEMA],
          userName: value,
        })
        assert.equal(put.status, 400, value)
      }
      assert.equal((await s.scim(s.a, 'GET', `/Users/${id}`)).json['userName'], 'mover@orga.test')
    })

    it('answers an address held in another organization with a generic, audited 409 and adopts nothing', async () => {
      // An account that existed in orga.test before A verified it now belongs to B's organization.
      const services = s.f.server.app.services
      await s.f.server.app.database.db
        .updateTable('domains')
        .set({ status: 'unverified', verified_at: null })
        .where('org_id', '=', s.a.orgId)
        .execute()
      const { user: stranded } = await services.invitations.inviteUser(
        s.b.orgId,
        { email: 'stranded@orga.test', role: 'member' },
        { type: 'operator', id: 'test' },
      )
      await s.f.server.app.database.db
        .updateTable('domains')
        .set({ status: 'verified', verified_at: Date.now() })
        .where('org_id', '=', s.a.orgId)
        .execute()
      const before = await rows()
      const inOrg = await s.createUser(s.a, 'local.dupe')
      const afterLocal = await rows()
      const elsewhere = await s.scim(s.a, 'POST', '/Users', {
        schemas: [USER_SCHEMA],
        userName: 'Stranded@orga.test',
      })
      const local = await s.scim(s.a, 'POST', '/Users', {
        schemas: [USER_SCHEMA],
        userName: 'local.dupe@orga.test',
      })
      assert.equal(elsewhere.status, 409)
      assert.equal(local.status, 409)
      assert.equal(elsewhere.text, local.text, 'the answer names no organization')
      assert.ok(!elsewhere.text.includes(s.b.orgId) && !elsewhere.text.includes('OrgB'))
      // B's user is untouched; A's only new rows are the audit events of the conflicts.
      const stillB = await s.f.api(
        s.b.token,
        'GET',
        `/api/v1/orgs/${s.b.orgId}/users/${stranded.id}`,
      )
      assert.equal(stillB.status, 200)
      assert.equal(stillB.json['email'], 'stranded@orga.test')
      const now = await rows()
      assert.equal(now['users'], afterLocal['users'])
      assert.equal(now['audit_events'], (afterLocal['audit_events'] ?? 0) + 2)
      assert.ok(before['users'] !== undefined && inOrg.length > 0)
      const events = await s.f.server.app.database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('type', '=', 'scim.uniqueness_conflict')
        .where('org_id', '=', s.a.orgId)
        .execute()
      assert.equal(events.length, 2)
      assert.ok(events.every((e) => e.actor_type === 'scim' && e.outcome === 'failure'))
      const inB = await s.f.server.app.database.db
        .selectFrom('audit_events')
        .select('id')
        .where('type', '=', 'scim.uniqueness_conflict')
        .where('org_id', '=', s.b.orgId)
        .execute()
      assert.equal(inB.length, 0, 'nothing is written to the other organization')
      // Renaming an A user onto that address is refused the same way.
      const renamed = await s.scim(s.a, 'PATCH', `/Users/${inOrg}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'replace', path: 'userName', value: 'stranded@orga.test' }],
      })
      assert.equal(renamed.status, 409)
    })

    it('cannot deactivate or delete the owner', async () => {
      const owner = s.a.ownerId
      const before = await rows()
      const deactivate = await s.scim(s.a, 'PATCH', `/Users/${owner}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'replace', path: 'active', value: false }],
      })
      assert.equal(deactivate.status, 403)
      assert.equal(deactivate.json['code'], 'scim.owner_protected')
      const put = await s.scim(s.a, 'PUT', `/Users/${owner}`, {
        schemas: [USER_SCHEMA],
        userName: s.a.ownerEmail,
        active: false,
      })
      assert.equal(put.status, 403)
      const del = await s.scim(s.a, 'DELETE', `/Users/${owner}`)
      assert.equal(del.status, 403)
      assert.deepEqual(await rows(), before)
      const admin = await s.f.api(s.a.token, 'GET', `/api/v1/orgs/${s.a.orgId}/users/${owner}`)
      assert.equal(admin.json['status'], 'active')
      // positive control: the owner's other attributes may be kept in sync
      const named = await s.scim(s.a, 'PATCH', `/Users/${owner}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'replace', path: 'displayName', value: 'The Owner' }],
      })
      assert.equal(named.status, 200)
    })
  })
}
