/** Contract suite for invitations: single use, consumed atomically (STYLE rule 12), on every engine. */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../src/platform/clock.ts'
import { hashSecret } from '../../src/platform/crypto.ts'
import { issueInvitation } from '../../src/users/invitation.ts'
import { DIALECTS } from '../helpers/databases.ts'
import { buildOrganization, buildUser } from '../helpers/fixtures.ts'
import { openTestDatabase, type OpenedTestDatabase } from '../helpers/storage.ts'

const HOUR = 3_600_000

for (const dialect of DIALECTS) {
  describe(`${dialect}: invitation repository`, () => {
    let t: OpenedTestDatabase
    const org = buildOrganization()
    const user = buildUser(org.id)
    const clock = new ManualClock(1_800_000_000_000)
    before(async () => {
      t = await openTestDatabase(dialect)
      await t.store.read.orgs.insert(org)
      await t.store.read.users.insert(user)
    })
    after(() => t.close())

    it('stores only the hash of the token', async () => {
      const { invitation, token } = issueInvitation(clock, HOUR, org.id, user.id)
      await t.store.read.invitations.insert(invitation)
      const rows = await t.database.db.selectFrom('invitations').selectAll().execute()
      assert.ok(rows.every((row) => !JSON.stringify(row).includes(token)))
      assert.ok(rows.some((row) => row.token_hash === hashSecret(token)))
    })

    it('consumes an invitation once; the second attempt finds nothing', async () => {
      const { invitation, token } = issueInvitation(clock, HOUR, org.id, user.id)
      await t.store.read.invitations.insert(invitation)
      const first = await t.store.read.invitations.consume(hashSecret(token), clock.now())
      assert.equal(first?.id, invitation.id)
      assert.equal(first?.consumedAt, clock.now())
      assert.equal(
        await t.store.read.invitations.consume(hashSecret(token), clock.now()),
        undefined,
      )
    })

    it('lets exactly one of many concurrent consumers win', async () => {
      const { invitation, token } = issueInvitation(clock, HOUR, org.id, user.id)
      await t.store.read.invitations.insert(invitation)
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          t.store.transaction(({ invitations }) =>
            invitations.consume(hashSecret(token), clock.now()),
          ),
        ),
      )
      assert.equal(results.filter((r) => r !== undefined).length, 1)
    })

    it('does not consume an expired invitation', async () => {
      const { invitation, token } = issueInvitation(clock, HOUR, org.id, user.id)
      await t.store.read.invitations.insert(invitation)
      assert.equal(
        await t.store.read.invitations.consume(hashSecret(token), clock.now() + HOUR),
        undefined,
      )
    })
  })
}
