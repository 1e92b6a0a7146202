/**
 * SCIM Groups on both databases: members added, removed and replaced in every documented form, PUT
 * semantics, filters, versions, and the read-only Admin API view. Groups grant nothing.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import { errorCode } from '../admin/admin.setup.ts'
import { GROUP_SCHEMA, PATCH_SCHEMA, setupSCIM, type SCIMFixture } from './scim.setup.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: SCIM Groups`, () => {
    let s: SCIMFixture
    let users: string[]
    before(async () => {
      s = await setupSCIM(dialect)
      users = []
      for (const name of ['g.ann', 'g.bob', 'g.cy', 'g.dee'])
        users.push(await s.createUser(s.a, name))
    })
    after(async () => s.close())
    const memberIds = async (id: string) => {
      const read = await s.scim(s.a, 'GET', `/Groups/${id}`)
      assert.equal(read.status, 200, read.text)
      return ((read.json['members'] ?? []) as { value: string }[]).map((m) => m.value).sort()
    }
    const patch = (id: string, ...Operations: unknown[]) =>
      s.scim(s.a, 'PATCH', `/Groups/${id}`, { schemas: [PATCH_SCHEMA], Operations })
    const create = async (displayName: string, members: string[] = [], externalId?: string) => {
      const made = await s.scim(s.a, 'POST', '/Groups', {
        schemas: [GROUP_SCHEMA],
        displayName,
        ...(externalId === undefined ? {} : { externalId }),
        members: members.map((value) => ({ value })),
      })
      assert.equal(made.status, 201, made.text)
      return String(made.json['id'])
    }

    it('adds, removes by filter and by list, replaces and clears members', async () => {
      const [ann = '', bob = '', cy = '', dee = ''] = users
      const id = await create('Engineering', [ann])
      assert.equal(
        (await patch(id, { op: 'add', path: 'members', value: [{ value: bob }, { value: cy }] }))
          .status,
        204,
      )
      assert.deepEqual(await memberIds(id), [ann, bob, cy].sort())
      assert.equal(
        (await patch(id, { op: 'remove', path: `members[value eq "${bob}"]` })).status,
        204,
      )
      assert.deepEqual(await memberIds(id), [ann, cy].sort())
      assert.equal(
        (await patch(id, { op: 'remove', path: 'members', value: [{ value: ann }] })).status,
        204,
      )
      assert.deepEqual(await memberIds(id), [cy])
      assert.equal(
        (
          await patch(id, {
            op: 'replace',
            path: 'members',
            value: [{ value: dee }, { value: ann }],
          })
        ).status,
        204,
      )
      assert.deepEqual(await memberIds(id), [ann, dee].sort())
      assert.equal(
        (await patch(id, { op: 'add', path: 'members', value: [{ value: ann }] })).status,
        204,
        'adding a member twice is no error',
      )
      assert.deepEqual(await memberIds(id), [ann, dee].sort())
      assert.equal((await patch(id, { op: 'remove', path: 'members' })).status, 204)
      assert.deepEqual(await memberIds(id), [])
      // the users see their groups
      await patch(id, { op: 'add', path: 'members', value: [{ value: ann }] })
      const user = await s.scim(s.a, 'GET', `/Users/${ann}`)
      assert.deepEqual(
        (user.json['groups'] as { value: string }[]).map((g) => g.value),
        [id],
      )
    })

    it('PUT renames and replaces members; without members it keeps them', async () => {
      const [ann = '', bob = ''] = users
      const id = await create('Put me', [ann])
      const renamed = await s.scim(s.a, 'PUT', `/Groups/${id}`, {
        schemas: [GROUP_SCHEMA],
        id,
        displayName: 'Renamed',
      })
      assert.equal(renamed.status, 200)
      assert.equal(renamed.json['displayName'], 'Renamed')
      assert.deepEqual(await memberIds(id), [ann])
      const replaced = await s.scim(s.a, 'PUT', `/Groups/${id}`, {
        schemas: [GROUP_SCHEMA],
        displayName: 'Renamed',
        members: [{ value: bob }],
      })
      assert.equal(replaced.status, 200)
      assert.deepEqual(await memberIds(id), [bob])
    })

    it('refuses unknown members, nested groups, read-only paths and a missing name, changing nothing', async () => {
      const [ann = ''] = users
      const id = await create('Strict', [ann])
      const version = (await s.scim(s.a, 'GET', `/Groups/${id}`)).headers.get('etag')
      for (const [ops, scimType] of [
        [[{ op: 'add', path: 'members', value: [{ value: 'no-such-user' }] }], 'invalidValue'],
        [[{ op: 'add', path: 'members', value: [{ value: id, type: 'Group' }] }], 'invalidValue'],
        [[{ op: 'add', path: 'members', value: 'string id 1' }], 'invalidSyntax'],
        [[{ op: 'replace', path: 'id', value: 'x' }], 'mutability'],
        [[{ op: 'replace', value: { id: 'another-id', displayName: 'x' } }], 'mutability'],
        [[{ op: 'remove', path: 'displayName' }], 'invalidValue'],
      ] as const) {
        const result = await patch(id, ...ops)
        assert.equal(result.status, 400, JSON.stringify(ops))
        assert.equal(result.json['scimType'], scimType, JSON.stringify(ops))
      }
      const after = await s.scim(s.a, 'GET', `/Groups/${id}`)
      assert.equal(after.headers.get('etag'), version)
      assert.deepEqual(await memberIds(id), [ann])
    })

    it('filters groups by displayName, externalId and membership', async () => {
      const [ann = '', bob = ''] = users
      const sales = await create('Sales', [ann], 'ext-sales')
      const support = await create('Support', [bob])
      const q = async (filter: string, extra = '') => {
        const result = await s.scim(
          s.a,
          'GET',
          `/Groups?filter=${encodeURIComponent(filter)}${extra}`,
        )
        assert.equal(result.status, 200, result.text)
        return result.json as { totalResults: number; Resources: Record<string, unknown>[] }
      }
      assert.deepEqual(
        (await q('displayName eq "sales"')).Resources.map((r) => r['id']),
        [sales],
      )
      assert.deepEqual(
        (await q('externalId eq "ext-sales"')).Resources.map((r) => r['id']),
        [sales],
      )
      assert.deepEqual((await q('externalId eq "EXT-SALES"')).Resources, [])
      assert.deepEqual(
        (await q(`members[value eq "${bob}"] and displayName sw "Sup"`)).Resources.map(
          (r) => r['id'],
        ),
        [support],
      )
      const bare = await q('displayName eq "Sales"', '&excludedAttributes=members')
      assert.equal(bare.Resources[0]?.['members'], undefined)
      const bad = await s.scim(
        s.a,
        'GET',
        `/Groups?filter=${encodeURIComponent('members.display eq "x"')}`,
      )
      assert.equal(bad.json['scimType'], 'invalidFilter')
    })

    it('keeps externalId unique in the organization, checks If-Match, deletes', async () => {
      const id = await create('Unique', [], 'ext-unique')
      const dupe = await s.scim(s.a, 'POST', '/Groups', {
        schemas: [GROUP_SCHEMA],
        displayName: 'Other',
        externalId: 'ext-unique',
      })
      assert.equal(dupe.status, 409)
      assert.equal(dupe.json['scimType'], 'uniqueness')
      // another organization may use the same externalId
      const inB = await s.scim(s.b, 'POST', '/Groups', {
        schemas: [GROUP_SCHEMA],
        displayName: 'B',
        externalId: 'ext-unique',
      })
      assert.equal(inB.status, 201)
      const stale = await s.scim(s.a, 'DELETE', `/Groups/${id}`, undefined, {
        headers: { 'if-match': 'W/"999"' },
      })
      assert.equal(stale.status, 412)
      assert.equal((await s.scim(s.a, 'DELETE', `/Groups/${id}`)).status, 204)
      assert.equal((await s.scim(s.a, 'GET', `/Groups/${id}`)).status, 404)
    })

    it('shows groups read-only in the Admin API, with members, audited with the SCIM token as actor', async () => {
      const [ann = ''] = users
      const id = await create('Admin view', [ann])
      const base = `/api/v1/orgs/${s.a.orgId}/groups`
      const listed = await s.f.api(s.a.token, 'GET', `${base}?limit=100`)
      assert.equal(listed.status, 200)
      const entry = (listed.json['groups'] as { id: string; memberCount: number }[]).find(
        (g) => g.id === id,
      )
      assert.equal(entry?.memberCount, 1)
      const one = await s.f.api(s.a.token, 'GET', `${base}/${id}`)
      assert.equal(one.status, 200)
      assert.deepEqual(one.json['members'], [{ userId: ann, email: 'g.ann@orga.test' }])
      const foreign = await s.f.api(s.b.token, 'GET', `/api/v1/orgs/${s.b.orgId}/groups/${id}`)
      assert.equal(foreign.status, 404)
      assert.equal(errorCode(foreign.json), 'group.not_found')
      assert.equal((await s.f.api(s.a.token, 'POST', base, { displayName: 'x' })).status, 404)
      // paging
      const first = await s.f.api(s.a.token, 'GET', `${base}?limit=1`)
      const next = String(first.json['nextCursor'])
      const second = await s.f.api(s.a.token, 'GET', `${base}?limit=1&cursor=${next}`)
      assert.notEqual(
        (second.json['groups'] as { id: string }[])[0]?.id,
        (first.json['groups'] as { id: string }[])[0]?.id,
      )
      const event = await s.f.server.app.database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('type', '=', 'group.created')
        .where('target_id', '=', id)
        .executeTakeFirstOrThrow()
      assert.equal(event.actor_type, 'scim')
    })
  })
}
