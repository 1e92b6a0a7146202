/**
 * Admin API tokens managed through the Admin API (issue 10): an admin makes one (secret shown once), lists
 * them with who made them and when they were last used, revokes one — 401 at once on every instance.
 * A token cannot make another token.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../src/platform/clock.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { errorCode, setupAdmin, type AdminFixture, type SignedIn } from './admin.setup.ts'

interface TokenBody {
  id: string
  name: string
  createdBy: { type: string; id: string | null } | null
  lastUsedAt: string | null
  revokedAt: string | null
}

for (const engine of DIALECTS) {
  describe(`${engine}: Admin API tokens`, () => {
    let f: AdminFixture
    let owner: SignedIn
    const clock = new ManualClock(Date.UTC(2026, 11, 1, 12))
    const path = () => `/api/v1/orgs/${f.a.orgId}/api-tokens`
    const list = async () => (await f.api(f.a.token, 'GET', path())).json['tokens'] as TokenBody[]

    before(async () => {
      f = await setupAdmin(engine, { clock })
      owner = await f.signIn(f.a.ownerEmail)
    })
    after(() => f.close())

    it('lets a signed-in admin make one; the secret is shown once and works', async () => {
      const made = await f.sessionApi(owner, 'POST', path(), { name: 'terraform' })
      assert.equal(made.status, 201, JSON.stringify(made.json))
      const secret = made.json['secret'] as string
      const token = made.json['token'] as TokenBody
      assert.match(secret, /^pcat_/)
      assert.deepEqual(token.createdBy, { type: 'user', id: f.a.ownerId })
      assert.equal((await f.api(secret, 'GET', `/api/v1/orgs/${f.a.orgId}/users`)).status, 200)
      const listed = await f.api(secret, 'GET', path())
      assert.ok(!JSON.stringify(listed.json).includes(secret), 'never shown again')
      assert.ok(!JSON.stringify(listed.json).includes('Hash'), 'nor its hash')
      assert.ok((listed.json['tokens'] as TokenBody[]).some((t) => t.id === token.id))
    })

    it('refuses to let a token make a token, and writes nothing', async () => {
      const before = (await list()).length
      const made = await f.api(f.a.token, 'POST', path(), { name: 'persistence' })
      assert.equal(made.status, 403)
      assert.equal(errorCode(made.json), 'api_token.session_required')
      assert.equal((await list()).length, before)
    })

    it('records use at most once a minute', async () => {
      const made = await f.sessionApi(owner, 'POST', path(), { name: 'usage' })
      const secret = made.json['secret'] as string
      const id = (made.json['token'] as TokenBody).id
      const lastUsed = async () => (await list()).find((t) => t.id === id)?.lastUsedAt
      assert.equal(await lastUsed(), null)
      const first = clock.now()
      await f.api(secret, 'GET', path())
      assert.equal(await lastUsed(), new Date(first).toISOString())
      clock.advance(30_000)
      await f.api(secret, 'GET', path())
      assert.equal(await lastUsed(), new Date(first).toISOString(), 'not rewritten within a minute')
      clock.advance(31_000)
      await f.api(secret, 'GET', path())
      assert.equal(await lastUsed(), new Date(clock.now()).toISOString())
    })

    it('revokes a token: 401 at once on this and another instance; audited; once', async () => {
      const other = await f.startAnother()
      const made = await f.sessionApi(owner, 'POST', path(), { name: 'to revoke' })
      const secret = made.json['secret'] as string
      const id = (made.json['token'] as TokenBody).id
      const usersAt = (url: string) =>
        fetch(`${url}/api/v1/orgs/${f.a.orgId}/users`, {
          headers: { authorization: `Bearer ${secret}` },
        })
      assert.equal((await usersAt(other.url)).status, 200)
      const revoked = await f.api(f.a.token, 'DELETE', `${path()}/${id}`)
      assert.equal(revoked.status, 204)
      assert.equal((await usersAt(f.url)).status, 401)
      assert.equal((await usersAt(other.url)).status, 401)
      assert.notEqual((await list()).find((t) => t.id === id)?.revokedAt, null)
      const again = await f.api(f.a.token, 'DELETE', `${path()}/${id}`)
      assert.equal(errorCode(again.json), 'api_token.not_found')
      const events = await f.api(
        f.a.token,
        'GET',
        `/api/v1/orgs/${f.a.orgId}/audit-events?type=api_token.revoked`,
      )
      const found = (events.json['events'] as { target: { id: string } }[]).map((e) => e.target.id)
      assert.ok(found.includes(id))
    })

    it("cannot see or revoke another organization's tokens", async () => {
      const theirPath = `/api/v1/orgs/${f.b.orgId}/api-tokens`
      const theirs = ((await f.api(f.b.token, 'GET', theirPath)).json['tokens'] as TokenBody[])[0]
      assert.ok(theirs !== undefined)
      const revoke = await f.api(f.a.token, 'DELETE', `${path()}/${theirs.id}`)
      assert.equal(errorCode(revoke.json), 'api_token.not_found')
      assert.ok(!(await list()).some((t) => t.id === theirs.id))
      assert.equal((await f.api(f.b.token, 'GET', theirPath)).status, 200, 'still works')
    })

    it('refuses a member', async () => {
      await f.addUser(f.a, 'member@orga.test', 'member')
      const member = await f.signIn('member@orga.test')
      const made = await f.sessionApi(member, 'POST', path(), { name: 'mine' })
      assert.equal(made.status, 403)
    })
  })
}
