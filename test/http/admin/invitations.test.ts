/** Pending invitations listed with their expiry (issue 10); a new link replaces the old in the list. */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../src/platform/clock.ts'
import { DIALECTS } from '../../helpers/databases.ts'
import { setupAdmin, type AdminFixture } from './admin.setup.ts'

interface Pending {
  id: string
  userId: string
  email: string
  expiresAt: string
  expired: boolean
}

for (const engine of DIALECTS) {
  describe(`${engine}: pending invitations`, () => {
    let f: AdminFixture
    const clock = new ManualClock(Date.UTC(2026, 11, 1, 9))
    const list = async (org = f.a, query = '') =>
      (await f.api(org.token, 'GET', `/api/v1/orgs/${org.orgId}/invitations${query}`)).json
    const pending = async (org = f.a) => (await list(org))['invitations'] as Pending[]

    before(async () => {
      f = await setupAdmin(engine, { clock })
    })
    after(() => f.close())

    it('lists who has not accepted yet, with when each link expires, and pages', async () => {
      const users = `/api/v1/orgs/${f.a.orgId}/users`
      const first = await f.api(f.a.token, 'POST', users, { email: 'p1@orga.test' })
      clock.advance(1000)
      await f.api(f.a.token, 'POST', users, { email: 'p2@orga.test' })
      await f.addUser(f.a, 'accepted@orga.test', 'member')
      const rows = await pending()
      assert.deepEqual(
        rows.map((r) => [r.email, r.expired]),
        [
          ['p1@orga.test', false],
          ['p2@orga.test', false],
        ],
      )
      assert.ok(Date.parse(rows[0]?.expiresAt ?? '') > clock.now())
      const page = await list(f.a, '?limit=1')
      assert.equal((page['invitations'] as Pending[]).length, 1)
      const next = await list(f.a, `?limit=1&cursor=${String(page['nextCursor'])}`)
      assert.deepEqual(
        (next['invitations'] as Pending[]).map((r) => r.email),
        ['p2@orga.test'],
      )
      assert.deepEqual(await pending(f.b), [], "another organization's list is its own")
      // A new link replaces the old one in the list.
      const id = (first.json['user'] as { id: string }).id
      await f.api(f.a.token, 'POST', `${users}/${id}/invitation`)
      const after = (await pending()).filter((r) => r.userId === id)
      assert.equal(after.length, 1)
      assert.notEqual(after[0]?.id, rows[0]?.id)
    })

    it('leaves one working link when a new invitation is asked for 8 times at once', async () => {
      const users = `/api/v1/orgs/${f.a.orgId}/users`
      const made = await f.api(f.a.token, 'POST', users, { email: 'raced@orga.test' })
      const id = (made.json['user'] as { id: string }).id
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => f.api(f.a.token, 'POST', `${users}/${id}/invitation`)),
      )
      assert.deepEqual(
        answers.map((a) => a.status),
        answers.map(() => 200),
      )
      const { invitations } = f.server.app.services
      let working = 0
      for (const answer of [made, ...answers]) {
        const token = /\/invite\/(inv_[\w-]+)/.exec(String(answer.json['inviteUrl']))?.[1]
        if (
          await invitations.inviteeFor(token).then(
            () => true,
            () => false,
          )
        )
          working++
      }
      assert.equal(working, 1, 'earlier links die, whatever the order')
      assert.equal((await pending()).filter((r) => r.userId === id).length, 1)
    })

    it('says when a link has expired', async () => {
      clock.advance(30 * 24 * 3600_000)
      assert.ok((await pending()).every((r) => r.expired))
    })
  })
}
