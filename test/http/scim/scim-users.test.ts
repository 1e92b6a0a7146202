/**
 * SCIM Users over HTTP on both databases: the lifecycle, filters against real SQL (SECURITY-CASES
 * SCIM-05), paging (SCIM-06), PATCH forms (SCIM-07), versions and PUT semantics (SCIM-10), and how a
 * provisioned user looks in the Admin API and audit log.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import { countRows } from '../../helpers/storage.ts'
import { ENTERPRISE, PATCH_SCHEMA, setupSCIM, USER_SCHEMA, type SCIMFixture } from './scim.setup.ts'

type Resource = Record<string, unknown> & {
  id: string
  meta: { version: string; location: string }
}
type List = {
  totalResults: number
  itemsPerPage: number
  startIndex: number
  Resources: Resource[]
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: SCIM Users`, () => {
    let s: SCIMFixture
    before(async () => {
      s = await setupSCIM(dialect)
    })
    after(async () => s.close())
    const list = async (query: string) => {
      const result = await s.scim(s.a, 'GET', `/Users?${query}`)
      assert.equal(result.status, 200, result.text)
      return result.json as unknown as List
    }
    const filter = async (text: string) => list(`filter=${encodeURIComponent(text)}`)
    const patch = (id: string, ...Operations: unknown[]) =>
      s.scim(s.a, 'PATCH', `/Users/${id}`, { schemas: [PATCH_SCHEMA], Operations })

    it('creates a user with every attribute, returns it with meta, Location and ETag', async () => {
      const created = await s.scim(s.a, 'POST', '/Users', {
        schemas: [USER_SCHEMA, ENTERPRISE],
        externalId: 'ext-grace',
        userName: 'Grace.Hopper@OrgA.test',
        name: { givenName: 'Grace', familyName: 'Hopper', formatted: 'Grace Hopper' },
        displayName: 'Grace Hopper',
        title: 'Rear Admiral',
        active: true,
        emails: [{ value: 'Grace.Hopper@OrgA.test', type: 'work', primary: true }],
        phoneNumbers: [{ value: '+1 555 0100', type: 'work' }],
        [ENTERPRISE]: { department: 'Navy', manager: { value: 'boss' } },
      })
      assert.equal(created.status, 201, created.text)
      const user = created.json as Resource
      assert.match(user.id, /^[0-9a-f-]{36}$/)
      assert.equal(user['userName'], 'Grace.Hopper@OrgA.test')
      assert.equal(user['externalId'], 'ext-grace')
      assert.equal(user['title'], 'Rear Admiral')
      assert.deepEqual(user['name'], {
        formatted: 'Grace Hopper',
        familyName: 'Hopper',
        givenName: 'Grace',
      })
      assert.deepEqual(user[ENTERPRISE], { department: 'Navy', manager: { value: 'boss' } })
      assert.equal(user['active'], true)
      assert.equal(user['password'], undefined)
      assert.equal(created.headers.get('location'), user.meta.location)
      assert.equal(created.headers.get('etag'), user.meta.version)
      assert.equal(user.meta.location, `${s.f.url}${s.a.base}/Users/${user.id}`)
      const read = await s.scim(s.a, 'GET', `/Users/${user.id}`)
      assert.deepEqual(read.json, user)
    })

    it('shows a provisioned user in the Admin API as invited, with the SCIM token in the audit log', async () => {
      const id = await s.createUser(s.a, 'admin.view', {
        externalId: 'ext-av',
        name: { givenName: 'Av' },
      })
      const admin = await s.f.api(s.a.token, 'GET', `/api/v1/orgs/${s.a.orgId}/users/${id}`)
      assert.equal(admin.status, 200)
      assert.equal(admin.json['status'], 'invited')
      assert.equal(admin.json['externalId'], 'ext-av')
      assert.equal(admin.json['givenName'], 'Av')
      const events = await s.f.server.app.database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('target_id', '=', id)
        .execute()
      const provisioned = events.find((e) => e.type === 'user.provisioned')
      assert.equal(provisioned?.actor_type, 'scim')
      const invitations = await s.f.server.app.database.db
        .selectFrom('invitations')
        .select('user_id')
        .where('user_id', '=', id)
        .execute()
      assert.equal(
        invitations.length,
        1,
        'a provisioned user is invited to set a password (SPEC §3.10)',
      )
    })

    it('refuses a password, a missing userName, and a userName that is not an email', async () => {
      const before = await countRows(s.f.server.app.database)
      const cases: [unknown, string][] = [
        [{ schemas: [USER_SCHEMA], userName: 'pw@orga.test', password: 'hunter2' }, 'invalidValue'],
        [{ schemas: [USER_SCHEMA], displayName: 'No Name' }, 'invalidValue'],
        [{ schemas: [USER_SCHEMA], userName: 'UserName123' }, 'invalidValue'],
        [{ userName: 'noschema@orga.test' }, 'invalidSyntax'],
      ]
      for (const [body, scimType] of cases) {
        const refused = await s.scim(s.a, 'POST', '/Users', body)
        assert.equal(refused.status, 400, refused.text)
        assert.equal(refused.json['scimType'], scimType)
        assert.equal(refused.json['status'], '400')
        assert.ok(!refused.text.includes('hunter2'))
      }
      assert.deepEqual(await countRows(s.f.server.app.database), before)
    })

    it('filters with every operator against the database, case rules per attribute', async () => {
      for (const [local, given, family, ext] of [
        ['f.one', 'Una', 'Employee', 'X-1'],
        ['f.two', 'Duo', 'Employee', 'x-2'],
        ['f.three', 'Tres', 'Other', 'X-3'],
      ] as const) {
        await s.createUser(s.a, local, {
          name: { givenName: given, familyName: family },
          externalId: ext,
        })
      }
      const names = (l: List) => l.Resources.map((r) => String(r['userName'])).sort()
      assert.deepEqual(names(await filter('userName eq "F.ONE@orga.test"')), ['f.one@orga.test'])
      assert.deepEqual(names(await filter('userName sw "f." and name.familyName eq "employee"')), [
        'f.one@orga.test',
        'f.two@orga.test',
      ])
      assert.deepEqual(names(await filter('userName ew "three@orga.test"')), ['f.three@orga.test'])
      assert.deepEqual(names(await filter('userName co ".tw"')), ['f.two@orga.test'])
      assert.deepEqual(names(await filter('externalId sw "X-" and userName sw "f."')), [
        'f.one@orga.test',
        'f.three@orga.test',
      ])
      assert.deepEqual(names(await filter('externalId eq "x-1"')), [], 'externalId is case-exact')
      assert.deepEqual(names(await filter('externalId co "x-"')), ['f.two@orga.test'])
      assert.deepEqual(
        names(await filter('userName sw "f." and not (name.familyName eq "Employee")')),
        ['f.three@orga.test'],
      )
      assert.deepEqual(
        names(
          await filter(
            'name.familyName eq "Employee" and (emails.value co "one" or emails.value co "two")',
          ),
        ),
        ['f.one@orga.test', 'f.two@orga.test'],
      )
      assert.deepEqual(
        names(await filter('emails[type eq "work" and value eq "f.one@orga.test"]')),
        ['f.one@orga.test'],
      )
      const everyone = (await list('count=0')).totalResults
      assert.equal(
        (await filter('meta.created gt "2015-10-10T14:38:21.8617979-07:00"')).totalResults,
        everyone,
      )
      assert.equal((await filter('meta.created lt "2015-10-10T00:00:00Z"')).totalResults, 0)
      assert.equal((await filter('userName pr')).totalResults, everyone)
      const named = (await filter('displayName pr')).totalResults
      assert.ok(named >= 1 && named < everyone, String(named))
      assert.equal(
        (await filter('active eq true')).totalResults +
          (await filter('active eq false')).totalResults,
        everyone,
      )
      assert.equal((await filter('userName ne "f.one@orga.test"')).totalResults, everyone - 1)
      assert.equal((await filter('userName ge "f.three" and userName le "f.two~"')).totalResults, 2)
    })

    it('binds every filter value: quotes, SQL and LIKE wildcards match only themselves', async () => {
      await s.createUser(s.a, 'percent_user')
      const injections = [
        'userName eq "a\\" or 1 eq 1"',
        `userName eq "x' OR '1'='1"`,
        `userName eq "x\\" OR \\"1\\"=\\"1"`,
        'userName co "%"',
        'userName co "_"',
        'userName sw "%"',
        'userName co ".*"',
        'userName eq "\\u0000"',
      ]
      // scim2-parse-filter reads a backslash literally unless a quote follows (AD's DOMAIN\\user): an
      // escaped backslash is refused as a filter, never misread (NOTES.md).
      const backslash = await s.scim(
        s.a,
        'GET',
        `/Users?filter=${encodeURIComponent('userName co "\\\\"')}`,
      )
      assert.equal(backslash.json['scimType'], 'invalidFilter')
      for (const text of injections) {
        const result = await filter(text)
        if (text === 'userName co "_"') {
          assert.deepEqual(
            result.Resources.map((r) => r['userName']),
            ['percent_user@orga.test'],
          )
        } else {
          assert.equal(result.totalResults, 0, text)
        }
      }
    })

    it('refuses bad filters with invalidFilter and escapes nothing into the log', async () => {
      for (const text of [
        'password pr',
        'roles eq "admin"',
        'userName eq',
        `${'('.repeat(100)}userName eq "a"${')'.repeat(100)}`,
        `userName eq "a"\r\nINJECTED log line`,
      ]) {
        const result = await s.scim(s.a, 'GET', `/Users?filter=${encodeURIComponent(text)}`)
        assert.equal(result.status, 400, text.slice(0, 50))
        assert.equal(result.json['scimType'], 'invalidFilter')
      }
      const huge = await s.scim(s.a, 'GET', `/Users?filter=${'a'.repeat(64 * 1024)}`)
      assert.ok(
        huge.status === 400 || huge.status === 414 || huge.status === 431,
        String(huge.status),
      )
    })

    it('pages by the RFC: startIndex < 1 is 1, negative count is 0, count capped at 200', async () => {
      const total = (await list('count=0')).totalResults
      assert.ok(total >= 5)
      const first = await list('startIndex=1&count=2')
      assert.equal(first.itemsPerPage, 2)
      assert.equal(first.totalResults, total)
      const second = await list('startIndex=3&count=2')
      assert.notDeepEqual(second.Resources[0]?.id, first.Resources[0]?.id)
      const zero = await list('startIndex=0&count=1')
      assert.equal(zero.startIndex, 1)
      assert.equal(zero.Resources[0]?.id, first.Resources[0]?.id)
      assert.equal((await list('startIndex=-5&count=-1')).itemsPerPage, 0)
      assert.equal((await list('count=1000000')).itemsPerPage, Math.min(total, 200))
      const beyond = await list(`startIndex=${2n ** 63n}&count=5`)
      assert.equal(beyond.itemsPerPage, 0)
      assert.equal(beyond.totalResults, total)
      const bad = await s.scim(s.a, 'GET', '/Users?count=ten')
      assert.equal(bad.status, 400)
      const repeated = await s.scim(s.a, 'GET', '/Users?count=1&count=2')
      assert.equal(repeated.status, 400)
    })

    it('projects attributes and excludedAttributes, always with id and schemas', async () => {
      const only = await list('attributes=userName,emails&count=1')
      assert.deepEqual(Object.keys(only.Resources[0] ?? {}).sort(), [
        'emails',
        'id',
        'schemas',
        'userName',
      ])
      const without = await list('excludedAttributes=groups,meta&count=1')
      const keys = Object.keys(without.Resources[0] ?? {})
      assert.ok(!keys.includes('groups') && !keys.includes('meta') && keys.includes('userName'))
      const asked = await list('attributes=password&count=1')
      assert.deepEqual(Object.keys(asked.Resources[0] ?? {}).sort(), ['id', 'schemas'])
    })

    it('applies PATCH forms Entra ID and Okta send, atomically', async () => {
      const id = await s.createUser(s.a, 'patchme', { name: { givenName: 'P', familyName: 'M' } })
      const entra = await patch(
        id,
        { op: 'Replace', path: 'displayName', value: 'Patched' },
        { op: 'Add', path: 'emails[type eq "work"].value', value: 'patchme@orga.test' },
        { op: 'replace', path: `${ENTERPRISE}:department`, value: 'R&D' },
        { op: 'Add', path: `${ENTERPRISE}:manager`, value: { value: 'mgr-1' } },
        { op: 'Replace', path: 'name.givenName', value: 'Pat' },
      )
      assert.equal(entra.status, 200, entra.text)
      assert.equal(entra.json['displayName'], 'Patched')
      assert.deepEqual(entra.json[ENTERPRISE], { department: 'R&D', manager: { value: 'mgr-1' } })
      assert.equal((entra.json['name'] as { givenName: string }).givenName, 'Pat')
      const okta = await patch(id, { op: 'replace', value: { active: false } })
      assert.equal(okta.json['active'], false)
      const entraActive = await patch(id, { op: 'Replace', path: 'active', value: 'True' })
      assert.equal(entraActive.json['active'], true)
      // one bad operation among good ones: nothing changes
      const version = (entraActive.json as Resource).meta.version
      const mixed = await patch(
        id,
        { op: 'replace', path: 'displayName', value: 'Half' },
        { op: 'replace', path: 'id', value: 'mine' },
      )
      assert.equal(mixed.status, 400)
      assert.equal(mixed.json['scimType'], 'mutability')
      const after = await s.scim(s.a, 'GET', `/Users/${id}`)
      assert.equal(after.json['displayName'], 'Patched')
      assert.equal((after.json as Resource).meta.version, version)
      const noPath = await patch(id, { op: 'remove' })
      assert.equal(noPath.json['scimType'], 'noTarget')
      for (const path of ['meta.created', 'schemas', 'groups']) {
        const refused = await patch(id, { op: 'replace', path, value: 'x' })
        assert.equal(refused.json['scimType'], 'mutability', path)
      }
      const proto = await patch(id, { op: 'add', path: '__proto__.isAdmin', value: true })
      assert.equal(proto.json['scimType'], 'invalidPath')
      const roles = await patch(id, { op: 'replace', path: 'roles', value: [{ value: 'owner' }] })
      assert.equal(roles.status, 200, 'unknown attributes are ignored, never mapped to a role')
      const admin = await s.f.api(s.a.token, 'GET', `/api/v1/orgs/${s.a.orgId}/users/${id}`)
      assert.equal(admin.json['role'], 'member')
    })

    it('checks If-Match: a stale ETag is 412 and changes nothing; * and the current one pass', async () => {
      const id = await s.createUser(s.a, 'etag')
      const v1 = (await s.scim(s.a, 'GET', `/Users/${id}`)).headers.get('etag') ?? ''
      const changed = await s.scim(
        s.a,
        'PATCH',
        `/Users/${id}`,
        { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'title', value: 'A' }] },
        { headers: { 'if-match': v1 } },
      )
      assert.equal(changed.status, 200)
      const v2 = changed.headers.get('etag')
      assert.notEqual(v2, v1)
      const stale = await s.scim(
        s.a,
        'PUT',
        `/Users/${id}`,
        { schemas: [USER_SCHEMA], userName: 'etag@orga.test', title: 'B' },
        { headers: { 'if-match': v1 } },
      )
      assert.equal(stale.status, 412)
      assert.equal((await s.scim(s.a, 'GET', `/Users/${id}`)).json['title'], 'A')
      const staleDelete = await s.scim(s.a, 'DELETE', `/Users/${id}`, undefined, {
        headers: { 'if-match': v1 },
      })
      assert.equal(staleDelete.status, 412)
      const star = await s.scim(
        s.a,
        'PUT',
        `/Users/${id}`,
        { schemas: [USER_SCHEMA], userName: 'etag@orga.test', title: 'C' },
        { headers: { 'if-match': '*' } },
      )
      assert.equal(star.status, 200)
    })

    it('PUT replaces the resource; leaving out active keeps the state (documented)', async () => {
      const id = await s.createUser(s.a, 'put', { title: 'T', displayName: 'D' })
      await patch(id, { op: 'replace', path: 'active', value: false })
      const put = await s.scim(s.a, 'PUT', `/Users/${id}`, {
        schemas: [USER_SCHEMA],
        id,
        userName: 'put@orga.test',
        displayName: 'New',
      })
      assert.equal(put.status, 200, put.text)
      assert.equal(put.json['active'], false, 'no silent reactivation')
      assert.equal(put.json['title'], undefined, 'attributes left out are cleared')
      assert.equal(put.json['displayName'], 'New')
      const on = await s.scim(s.a, 'PUT', `/Users/${id}`, {
        schemas: [USER_SCHEMA],
        userName: 'put@orga.test',
        active: true,
      })
      assert.equal(on.json['active'], true)
      const again = await s.scim(s.a, 'PUT', `/Users/${id}`, {
        schemas: [USER_SCHEMA],
        userName: 'put@orga.test',
      })
      assert.equal(again.json['active'], true, 'no silent deactivation')
      const noName = await s.scim(s.a, 'PUT', `/Users/${id}`, {
        schemas: [USER_SCHEMA],
        userame: 'put@orga.test',
      })
      assert.equal(noName.status, 400)
    })

    it('renames a user to another address in a verified domain of the organization', async () => {
      const id = await s.createUser(s.a, 'rename.me')
      const renamed = await patch(id, {
        op: 'replace',
        path: 'userName',
        value: 'renamed@orga.test',
      })
      assert.equal(renamed.status, 200, renamed.text)
      assert.equal(renamed.json['userName'], 'renamed@orga.test')
      const admin = await s.f.api(s.a.token, 'GET', `/api/v1/orgs/${s.a.orgId}/users/${id}`)
      assert.equal(admin.json['email'], 'renamed@orga.test')
    })

    it('deletes a user: 404 afterwards; a re-POST makes a new id', async () => {
      const id = await s.createUser(s.a, 'gone', { externalId: 'ext-gone' })
      assert.equal((await s.scim(s.a, 'DELETE', `/Users/${id}`)).status, 204)
      assert.equal((await s.scim(s.a, 'GET', `/Users/${id}`)).status, 404)
      assert.equal((await s.scim(s.a, 'DELETE', `/Users/${id}`)).status, 404)
      assert.equal(
        (
          await s.scim(s.a, 'PATCH', `/Users/${id}`, {
            schemas: [PATCH_SCHEMA],
            Operations: [{ op: 'replace', path: 'title', value: 'x' }],
          })
        ).status,
        404,
      )
      const again = await s.createUser(s.a, 'gone', { externalId: 'ext-gone' })
      assert.notEqual(again, id)
    })

    it('answers 409 uniqueness for an email or externalId already in the organization', async () => {
      await s.createUser(s.a, 'twice', { externalId: 'ext-twice' })
      const sameEmail = await s.scim(s.a, 'POST', '/Users', {
        schemas: [USER_SCHEMA],
        userName: 'TWICE@orga.test',
      })
      assert.equal(sameEmail.status, 409)
      assert.equal(sameEmail.json['scimType'], 'uniqueness')
      assert.ok(String(sameEmail.json['detail']).length > 0)
      const sameExternal = await s.scim(s.a, 'POST', '/Users', {
        schemas: [USER_SCHEMA],
        userName: 'other.twice@orga.test',
        externalId: 'ext-twice',
      })
      assert.equal(sameExternal.status, 409)
    })
  })
}
