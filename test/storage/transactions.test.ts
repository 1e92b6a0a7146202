/** The unit of work: a transaction that throws leaves nothing behind, on every engine. */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../helpers/databases.ts'
import { buildOrganization, buildUser } from '../helpers/fixtures.ts'
import { countRows, openTestDatabase, type OpenedTestDatabase } from '../helpers/storage.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: transactions`, () => {
    let t: OpenedTestDatabase
    before(async () => {
      t = await openTestDatabase(dialect)
    })
    after(() => t.close())

    it('rolls back every write of a transaction that throws', async () => {
      const before = await countRows(t.database)
      const org = buildOrganization()
      await assert.rejects(
        t.store.transaction(async ({ orgs, users }) => {
          await orgs.insert(org)
          await users.insert(buildUser(org.id))
          throw new Error('boom')
        }),
        /boom/,
      )
      assert.deepEqual(await countRows(t.database), before)
      assert.equal(await t.store.read.orgs.findById(org.id), undefined)
    })

    it('commits every write of a transaction that resolves', async () => {
      const org = buildOrganization()
      const user = buildUser(org.id)
      await t.store.transaction(async ({ orgs, users }) => {
        await orgs.insert(org)
        await users.insert(user)
      })
      assert.equal((await t.store.read.users.findById(org.id, user.id))?.id, user.id)
    })

    it('keeps concurrent transactions apart', async () => {
      const orgs = Array.from({ length: 6 }, () => buildOrganization())
      await Promise.all(
        orgs.map((org, i) =>
          t.store
            .transaction(async (repos) => {
              await repos.orgs.insert(org)
              if (i % 2 === 1) throw new Error('odd ones fail')
            })
            .catch(() => undefined),
        ),
      )
      const found = await Promise.all(orgs.map((org) => t.store.read.orgs.findById(org.id)))
      assert.deepEqual(
        found.map((org) => org !== undefined),
        [true, false, true, false, true, false],
      )
    })
  })
}
