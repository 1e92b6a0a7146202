/** Admin API user changes: names, roles, SSO mode, deactivation, deletion, ownership. Both databases. */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import { countRows } from '../../helpers/storage.ts'
import { errorCode, setupAdmin, type AdminFixture } from './admin.setup.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: admin API user changes`, () => {
    let f: AdminFixture
    before(async () => {
      f = await setupAdmin(dialect)
    })
    after(() => f.close())
    const user = (id: string) => `/api/v1/orgs/${f.a.orgId}/users/${id}`
    const auditTypes = async (userId: string) =>
      (
        await f.server.app.database.db
          .selectFrom('audit_events')
          .select('type')
          .where('org_id', '=', f.a.orgId)
          .where('target_id', '=', userId)
          .execute()
      ).map((r) => r.type)

    it('changes names and role, and records what changed', async () => {
      const id = await f.addUser(f.a, 'names@orga.test', 'member')
      const result = await f.api(f.a.token, 'PATCH', user(id), {
        givenName: 'Grace',
        role: 'admin',
      })
      assert.equal(result.status, 200, JSON.stringify(result.json))
      assert.equal(result.json['givenName'], 'Grace')
      assert.equal(result.json['role'], 'admin')
      assert.ok((await auditTypes(id)).includes('user.updated'))
      const empty = await f.api(f.a.token, 'PATCH', user(id), {})
      assert.equal(errorCode(empty.json), 'request.invalid')
    })

    it('never demotes, deactivates or deletes the owner', async () => {
      const before = await countRows(f.server.app.database)
      for (const [method, path, body] of [
        ['PATCH', user(f.a.ownerId), { role: 'member' }],
        ['POST', `${user(f.a.ownerId)}/deactivate`, undefined],
        ['DELETE', user(f.a.ownerId), undefined],
      ] as const) {
        const result = await f.api(f.a.token, method, path, body)
        assert.equal(result.status, 409, `${method} ${path}`)
        assert.equal(errorCode(result.json), 'user.owner_protected')
      }
      assert.deepEqual(await countRows(f.server.app.database), before)
    })

    it('sets SSO for a user only with an explicit confirmation', async () => {
      const id = await f.addUser(f.a, 'sso@orga.test', 'member')
      const before = await countRows(f.server.app.database)
      for (const body of [{ mode: 'disabled' }, { mode: 'disabled', confirm: false }]) {
        const refused = await f.api(f.a.token, 'PUT', `${user(id)}/sso`, body)
        assert.equal(refused.status, 400)
        assert.equal(errorCode(refused.json), 'sso.confirmation_required')
      }
      const wrongMode = await f.api(f.a.token, 'PUT', `${user(id)}/sso`, {
        mode: 'sometimes',
        confirm: true,
      })
      assert.equal(errorCode(wrongMode.json), 'request.invalid')
      assert.deepEqual(await countRows(f.server.app.database), before)
      const done = await f.api(f.a.token, 'PUT', `${user(id)}/sso`, {
        mode: 'enabled',
        confirm: true,
      })
      assert.equal(done.status, 200)
      assert.equal(done.json['ssoOverride'], 'enabled')
      assert.ok((await auditTypes(id)).includes('user.sso_override_changed'))
    })

    it('deactivates a user, ending their session at once, and reactivates them', async () => {
      const id = await f.addUser(f.a, 'leaver@orga.test', 'admin')
      const leaver = await f.signIn('leaver@orga.test')
      assert.equal((await f.sessionApi(leaver, 'GET', '/api/v1/session')).status, 200)
      const result = await f.api(f.a.token, 'POST', `${user(id)}/deactivate`)
      assert.equal(result.status, 200)
      assert.equal(result.json['status'], 'deactivated')
      assert.equal((await f.sessionApi(leaver, 'GET', '/api/v1/session')).status, 401)
      const back = await f.api(f.a.token, 'POST', `${user(id)}/reactivate`)
      assert.equal(back.json['status'], 'active')
      const types = await auditTypes(id)
      assert.ok(types.includes('user.deactivated') && types.includes('user.reactivated'))
    })

    it('kills invitation links at deactivation; reactivation brings none back; a new one can be sent', async () => {
      const created = await f.api(f.a.token, 'POST', `/api/v1/orgs/${f.a.orgId}/users`, {
        email: 'late@orga.test',
      })
      const id = (created.json['user'] as { id: string }).id
      const oldLink = String(created.json['inviteUrl'])
      assert.equal((await fetch(oldLink)).status, 200)
      await f.api(f.a.token, 'POST', `${user(id)}/deactivate`)
      const back = await f.api(f.a.token, 'POST', `${user(id)}/reactivate`)
      assert.equal(back.json['status'], 'invited')
      const dead = await fetch(oldLink)
      assert.equal(dead.status, 400)
      assert.match(await dead.text(), /Reason: invite\.invalid/)
      // Re-issue: a new link works, and the previous one (if any) dies with it.
      const first = await f.api(f.a.token, 'POST', `${user(id)}/invitation`)
      assert.equal(first.status, 200, JSON.stringify(first.json))
      const second = await f.api(f.a.token, 'POST', `${user(id)}/invitation`)
      assert.notEqual(second.json['inviteUrl'], first.json['inviteUrl'])
      assert.equal((await fetch(String(first.json['inviteUrl']))).status, 400)
      assert.equal((await fetch(String(second.json['inviteUrl']))).status, 200)
      assert.equal(second.json['emailDelivery'], 'not_configured')
      assert.ok((await auditTypes(id)).includes('user.invitation_reissued'))
      // Only for users who have not accepted one: an active user gets 409 and nothing is written.
      const active = await f.addUser(f.a, 'settled@orga.test', 'member')
      const before = await countRows(f.server.app.database)
      const refused = await f.api(f.a.token, 'POST', `${user(active)}/invitation`)
      assert.equal(refused.status, 409)
      assert.equal(errorCode(refused.json), 'user.not_invited')
      assert.deepEqual(await countRows(f.server.app.database), before)
      // Another organization's user: 404.
      const foreign = await f.api(
        f.b.token,
        'POST',
        `/api/v1/orgs/${f.b.orgId}/users/${id}/invitation`,
      )
      assert.equal(foreign.status, 404)
    })

    it('deletes a user and everything hanging off them', async () => {
      const id = await f.addUser(f.a, 'gone@orga.test', 'member')
      await f.signIn('gone@orga.test')
      const result = await f.api(f.a.token, 'DELETE', user(id))
      assert.equal(result.status, 204)
      assert.equal((await f.api(f.a.token, 'GET', user(id))).status, 404)
      const sessions = await f.server.app.database.db
        .selectFrom('sessions')
        .select('id_hash')
        .where('user_id', '=', id)
        .execute()
      assert.deepEqual(sessions, [])
      assert.equal((await f.api(f.a.token, 'DELETE', user(id))).status, 404)
    })

    it('transfers ownership only by the owner, to an active user', async () => {
      const id = await f.addUser(f.a, 'heir@orga.test', 'admin')
      const path = `/api/v1/orgs/${f.a.orgId}/owner`
      const byToken = await f.api(f.a.token, 'PUT', path, { userId: id })
      assert.equal(byToken.status, 403)
      const heir = await f.signIn('heir@orga.test')
      assert.equal((await f.sessionApi(heir, 'PUT', path, { userId: id })).status, 403)
      const owner = await f.signIn(f.a.ownerEmail)
      const done = await f.sessionApi(owner, 'PUT', path, { userId: id })
      assert.equal(done.status, 200, JSON.stringify(done.json))
      assert.equal(done.json['role'], 'owner')
      const previous = await f.api(f.a.token, 'GET', user(f.a.ownerId))
      assert.equal(previous.json['role'], 'admin')
      // And back, so the other tests keep their owner.
      const back = await f.sessionApi(heir, 'PUT', path, { userId: f.a.ownerId })
      assert.equal(back.status, 200, JSON.stringify(back.json))
    })
  })
}
