/** Contract suite for the user repository, on every engine. */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../helpers/databases.ts'
import { buildOrganization, buildUser, uniqueEmail } from '../helpers/fixtures.ts'
import { openTestDatabase, type OpenedTestDatabase } from '../helpers/storage.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: user repository`, () => {
    let t: OpenedTestDatabase
    const orgA = buildOrganization({ name: 'A' })
    const orgB = buildOrganization({ name: 'B' })
    before(async () => {
      t = await openTestDatabase(dialect)
      await t.store.read.orgs.insert(orgA)
      await t.store.read.orgs.insert(orgB)
    })
    after(() => t.close())

    it('stores a user and reads it back by id and by canonical email within its organization', async () => {
      const user = buildUser(orgA.id, { givenName: 'Ada', lastLoginAt: 1_700_000_000_123 })
      await t.store.read.users.insert(user)
      assert.deepEqual(await t.store.read.users.findById(orgA.id, user.id), user)
      assert.deepEqual(await t.store.read.users.findByEmail(orgA.id, user.emailCanonical), user)
    })

    it('does not find a user of another organization by id or email', async () => {
      const user = buildUser(orgA.id)
      await t.store.read.users.insert(user)
      assert.equal(await t.store.read.users.findById(orgB.id, user.id), undefined)
      assert.equal(await t.store.read.users.findByEmail(orgB.id, user.emailCanonical), undefined)
    })

    it('locks a row unchanged: the version stays; false for another organization’s user', async () => {
      const user = buildUser(orgA.id)
      await t.store.read.users.insert(user)
      assert.equal(await t.store.read.users.lockUnchanged(orgA.id, user.id), true)
      assert.equal(await t.store.read.users.lockUnchanged(orgB.id, user.id), false)
      assert.equal((await t.store.read.users.findById(orgA.id, user.id))?.version, user.version)
    })

    it('reads many by id, only those of the organization asked (the check is on the rows)', async () => {
      const mine = [buildUser(orgA.id), buildUser(orgA.id)]
      const theirs = buildUser(orgB.id)
      await t.store.read.users.insertMany([...mine, theirs])
      const ids = [...mine.map((u) => u.id), theirs.id, 'no-such-user']
      const found = await t.store.read.users.findByIds(orgA.id, ids)
      assert.deepEqual(found.map((u) => u.id).sort(), mine.map((u) => u.id).sort())
      assert.deepEqual(
        (await t.store.read.users.findByIds(orgB.id, ids)).map((u) => u.id),
        [theirs.id],
      )
    })

    it('refuses a second user with the same canonical email, even in another organization', async () => {
      const email = uniqueEmail()
      await t.store.read.users.insert(buildUser(orgA.id, { email }))
      await assert.rejects(t.store.read.users.insert(buildUser(orgB.id, { email })), {
        code: 'user.email_taken',
      })
    })

    it('refuses a second owner in one organization', async () => {
      const org = buildOrganization()
      await t.store.read.orgs.insert(org)
      await t.store.read.users.insert(buildUser(org.id, { role: 'owner' }))
      await assert.rejects(
        t.store.read.users.insert(buildUser(org.id, { role: 'owner' })),
        (error: Error) => t.database.isUniqueViolation(error),
      )
    })

    it('refuses a status outside the allowed set (CHECK constraint)', async () => {
      const bad = { ...buildUser(orgA.id), status: 'superuser' } as unknown as Parameters<
        typeof t.store.read.users.insert
      >[0]
      await assert.rejects(t.store.read.users.insert(bad))
      assert.equal(await t.store.read.users.findById(orgA.id, bad.id), undefined)
    })

    it('refuses a user whose organization does not exist (foreign key)', async () => {
      await assert.rejects(t.store.read.users.insert(buildUser('no-such-org')))
    })
  })
}
