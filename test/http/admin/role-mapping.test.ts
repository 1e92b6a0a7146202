/**
 * Roles from the IdP's groups over HTTP on both engines (issue 28): SCIM changes to a group's members
 * promote and demote at once (the person's very next Admin API request sees it), the owner is never
 * mapped, a mapped role cannot be changed by hand, the dry run writes nothing, a mapping that would
 * strand the organization is refused with the lock-out code (and changes nothing), and turning the
 * mapping off hands every role back to the admins.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import { GROUP_SCHEMA, PATCH_SCHEMA, setupSCIM, type SCIMFixture } from '../scim/scim.setup.ts'
import { addUsableProfile, errorCode, type SignedIn } from './admin.setup.ts'

const ADMINS = { source: 'scim_group', match: 'console admins', role: 'admin' } as const

for (const dialect of DIALECTS) {
  describe(`${dialect}: roles from the IdP's groups (SCIM)`, () => {
    let s: SCIMFixture
    let groupId = ''
    let bobId = ''
    let carolId = ''
    let bob: SignedIn
    let bobToken = ''
    const org = () => `/api/v1/orgs/${s.a.orgId}`
    const api = (method: string, path: string, body?: unknown) =>
      s.f.api(s.a.token, method, `${org()}${path}`, body)
    const roleOf = async (userId: string) => (await api('GET', `/users/${userId}`)).json
    const members = (op: 'add' | 'remove', ids: readonly string[]) =>
      s.scim(s.a, 'PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [
          op === 'add'
            ? { op: 'add', path: 'members', value: ids.map((value) => ({ value })) }
            : { op: 'remove', path: `members[value eq "${ids[0]}"]` },
        ],
      })

    before(async () => {
      s = await setupSCIM(dialect)
      bobId = await s.f.addUser(s.f.a, 'bob@orga.test', 'member')
      carolId = await s.f.addUser(s.f.a, 'carol@orga.test', 'admin')
      bob = await s.f.signIn('bob@orga.test')
      const group = await s.scim(s.a, 'POST', '/Groups', {
        schemas: [GROUP_SCHEMA],
        displayName: 'Console Admins',
      })
      assert.equal(group.status, 201, group.text)
      groupId = String(group.json['id'])
    })
    after(async () => s?.close())

    it('is off until saved, and refuses a malformed rule with its field', async () => {
      assert.deepEqual((await api('GET', '/role-mapping')).json, { enabled: false, rules: [] })
      const bad = await api('PUT', '/role-mapping', {
        enabled: true,
        rules: [{ source: 'saml_attribute', match: 'x', role: 'admin' }],
      })
      assert.equal(bad.status, 400)
      assert.equal(errorCode(bad.json), 'role_mapping.invalid')
      assert.deepEqual((await api('GET', '/role-mapping')).json, { enabled: false, rules: [] })
      const saved = await api('PUT', '/role-mapping', { enabled: true, rules: [ADMINS] })
      assert.equal(saved.status, 200, JSON.stringify(saved.json))
      assert.deepEqual(saved.json['changes'], [])
    })

    it('promotes at once when SCIM adds the person to the group: their next request is an admin’s', async () => {
      const before = await s.f.sessionApi(bob, 'GET', `${org()}/users`)
      assert.equal(before.status, 403)
      assert.equal((await members('add', [bobId])).status, 204)
      const user = await roleOf(bobId)
      assert.equal(user['role'], 'admin')
      assert.deepEqual(user['roleFrom'], {
        mapping: true,
        rule: { source: 'scim_group', match: 'console admins' },
      })
      assert.equal((await s.f.sessionApi(bob, 'GET', `${org()}/users`)).status, 200)
      const token = await s.f.sessionApi(bob, 'POST', `${org()}/api-tokens`, { name: 'bob' })
      assert.equal(token.status, 201, JSON.stringify(token.json))
      bobToken = String(token.json['secret'])
      assert.equal((await s.f.api(bobToken, 'GET', `${org()}/users`)).status, 200)
      const audit = await s.f.server.app.database.db
        .selectFrom('audit_events')
        .select(['details', 'actor_type'])
        .where('type', '=', 'user.updated')
        .where('target_id', '=', bobId)
        .execute()
      const details = JSON.parse(audit.at(-1)?.details ?? '{}') as Record<string, unknown>
      assert.equal(details['via'], 'role_mapping')
      assert.equal(audit.at(-1)?.actor_type, 'scim')
    })

    it('refuses a manual role change of a mapped user, with a clear code', async () => {
      const refused = await api('PATCH', `/users/${bobId}`, { role: 'member' })
      assert.equal(refused.status, 409)
      assert.equal(errorCode(refused.json), 'user.role_from_idp')
      assert.equal((await roleOf(bobId))['role'], 'admin')
    })

    it('demotes at once when SCIM removes the person: their session and tokens lose admin rights', async () => {
      assert.equal((await members('remove', [bobId])).status, 204)
      assert.equal((await roleOf(bobId))['role'], 'member')
      assert.deepEqual((await roleOf(bobId))['roleFrom'], { mapping: true, rule: null })
      assert.equal((await s.f.sessionApi(bob, 'GET', `${org()}/users`)).status, 403)
      // The token bob made as an admin ends with the demotion.
      assert.equal((await s.f.api(bobToken, 'GET', `${org()}/users`)).status, 401)
    })

    it('never maps the owner', async () => {
      assert.equal((await members('add', [s.a.ownerId])).status, 204)
      const owner = await roleOf(s.a.ownerId)
      assert.equal(owner['role'], 'owner')
      assert.equal(owner['roleFrom'], null)
    })

    it('shows in a dry run what a mapping would change, writing nothing', async () => {
      const dry = await api('POST', '/role-mapping/dry-run', { enabled: true, rules: [] })
      assert.equal(dry.status, 200, JSON.stringify(dry.json))
      // bob is already member; the owner is not mapped: nobody changes.
      assert.deepEqual(dry.json['changes'], [])
      assert.equal((await members('add', [carolId])).status, 204)
      const demote = await api('POST', '/role-mapping/dry-run', { enabled: true, rules: [] })
      assert.deepEqual(
        (demote.json['changes'] as { email: string; to: string }[]).map((c) => [c.email, c.to]),
        [['carol@orga.test', 'member']],
      )
      assert.equal((await roleOf(carolId))['role'], 'admin')
    })

    it('refuses a mapping that would leave no owner or admin a way in, changing nothing', async () => {
      // The owner signs in with SSO only; carol is the last admin with a password.
      await addUsableProfile(s.f, s.f.a, { tested: true, domains: ['orga.test'] })
      const sso = await api('PUT', `/users/${s.a.ownerId}/sso`, {
        mode: 'enabled',
        confirm: true,
        acknowledgeLockoutRisk: true,
      })
      assert.equal(sso.status, 200, JSON.stringify(sso.json))
      const refused = await api('PUT', '/role-mapping', { enabled: true, rules: [] })
      assert.equal(refused.status, 409, JSON.stringify(refused.json))
      assert.equal(errorCode(refused.json), 'enforcement.lockout_risk')
      assert.equal((await roleOf(carolId))['role'], 'admin')
      assert.deepEqual((await api('GET', '/role-mapping')).json['rules'], [ADMINS])
      // SCIM taking carol out of the group would do the same: refused, nothing changed.
      const scim = await members('remove', [carolId])
      assert.notEqual(scim.status, 204)
      assert.equal((await roleOf(carolId))['role'], 'admin')
      const acknowledged = await api('PUT', '/role-mapping', {
        enabled: true,
        rules: [],
        acknowledgeLockoutRisk: true,
      })
      assert.equal(acknowledged.status, 200, JSON.stringify(acknowledged.json))
      assert.equal((await roleOf(carolId))['role'], 'member')
    })

    it('hands every role back to the admins when turned off', async () => {
      const off = await api('PUT', '/role-mapping', { enabled: false, rules: [ADMINS] })
      assert.equal(off.status, 200)
      assert.equal((await roleOf(carolId))['roleFrom'], null)
      const promoted = await api('PATCH', `/users/${bobId}`, { role: 'admin' })
      assert.equal(promoted.status, 200, JSON.stringify(promoted.json))
    })
  })
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: roles from SCIM groups under concurrent changes`, () => {
    let s: SCIMFixture
    before(async () => {
      s = await setupSCIM(dialect)
    })
    after(async () => s?.close())

    it('decides each person from the memberships other requests committed, when SCIM moves them at once', async () => {
      const org = `/api/v1/orgs/${s.a.orgId}`
      const userId = await s.createUser(s.a, 'mover')
      const group = async (displayName: string, members: string[]) => {
        const made = await s.scim(s.a, 'POST', '/Groups', {
          schemas: [GROUP_SCHEMA],
          displayName,
          members: members.map((value) => ({ value })),
        })
        assert.equal(made.status, 201, made.text)
        return String(made.json['id'])
      }
      const ops = await group('Ops Admins', [])
      const consoleAdmins = await group('Console Admins', [userId])
      const saved = await s.f.api(s.a.token, 'PUT', `${org}/role-mapping`, {
        enabled: true,
        rules: [
          { source: 'scim_group', match: 'Ops Admins', role: 'admin' },
          { source: 'scim_group', match: 'Console Admins', role: 'admin' },
        ],
      })
      assert.equal(saved.status, 200, JSON.stringify(saved.json))
      const patch = (groupId: string, op: 'add' | 'remove') =>
        s.scim(s.a, 'PATCH', `/Groups/${groupId}`, {
          schemas: [PATCH_SCHEMA],
          Operations: [
            op === 'add'
              ? { op: 'add', path: 'members', value: [{ value: userId }] }
              : { op: 'remove', path: `members[value eq "${userId}"]` },
          ],
        })
      // Each round the person leaves one admin group and joins the other in two requests at once:
      // whatever order they commit in, they end in an admin group, so they end an admin.
      let [from, to] = [consoleAdmins, ops]
      for (let round = 0; round < 8; round++) {
        const answers = await Promise.all([patch(from, 'remove'), patch(to, 'add')])
        assert.deepEqual(
          answers.map((a) => a.status),
          [204, 204],
          answers.map((a) => a.text).join('\n'),
        )
        const user = await s.f.api(s.a.token, 'GET', `${org}/users/${userId}`)
        assert.equal(user.json['role'], 'admin', `round ${round}`)
        ;[from, to] = [to, from]
      }
    })
  })
}
