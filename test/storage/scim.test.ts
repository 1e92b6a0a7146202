/**
 * Contract suite for SCIM storage on every engine: every read and write is scoped by organization (a
 * filter with `or` cannot escape it), membership changes are idempotent, token use is recorded at most
 * once per resolution, and the version lock lets a transaction read what the previous writer committed.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { newId } from '../../src/platform/random.ts'
import { USER_FILTERS, parseFilter } from '../../src/scim/scim-filter.ts'
import { DIALECTS } from '../helpers/databases.ts'
import { buildOrganization, buildUser } from '../helpers/fixtures.ts'
import { openTestDatabase, type OpenedTestDatabase } from '../helpers/storage.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: SCIM repositories`, () => {
    let t: OpenedTestDatabase
    const a = buildOrganization()
    const b = buildOrganization()
    const ann = buildUser(a.id, { email: 'ann@a.test', emailCanonical: 'ann@a.test' })
    const bob = buildUser(b.id, { email: 'bob@b.test', emailCanonical: 'bob@b.test' })
    before(async () => {
      t = await openTestDatabase(dialect)
      for (const org of [a, b]) await t.store.read.orgs.insert(org)
      for (const user of [ann, bob]) await t.store.read.users.insert(user)
      await t.store.read.scim.setUserData(b.id, bob.id, { title: 'B' })
    })
    after(() => t.close())

    it('scopes SCIM data and user lists to the organization, whatever the filter says', async () => {
      const { scim } = t.store.read
      assert.equal((await scim.userData(a.id, [bob.id])).size, 0)
      assert.deepEqual((await scim.userData(b.id, [bob.id])).get(bob.id), { title: 'B' })
      const escape = parseFilter('userName eq "bob@b.test" or userName pr', USER_FILTERS)
      const page = await scim.listUsers(a.id, escape, 0, 100)
      assert.deepEqual(
        page.items.map((u) => u.id),
        [ann.id],
      )
      assert.equal(page.total, 1)
      assert.deepEqual([...(await scim.existingUsers(a.id, [ann.id, bob.id]))], [ann.id])
    })

    it('counts all matches when the page is full, and none beyond the offset', async () => {
      const extra = Array.from({ length: 3 }, (_, i) =>
        buildUser(a.id, {
          email: `x${i}@a.test`,
          emailCanonical: `x${i}@a.test`,
          createdAt: 10 + i,
        }),
      )
      for (const user of extra) await t.store.read.users.insert(user)
      const { scim } = t.store.read
      const first = await scim.listUsers(a.id, undefined, 0, 2)
      assert.equal(first.items.length, 2)
      assert.equal(first.total, 4)
      const beyond = await scim.listUsers(a.id, undefined, 10, 2)
      assert.deepEqual(beyond.items, [])
      assert.equal(beyond.total, 4)
      const onlyTotal = await scim.listUsers(a.id, undefined, 0, 0)
      assert.equal(onlyTotal.total, 4)
    })

    it('adds members idempotently and removes them, inside the organization', async () => {
      const { scim } = t.store.read
      const group = {
        id: newId(),
        orgId: a.id,
        displayName: 'G',
        externalId: null,
        version: 1,
        createdAt: 1,
        updatedAt: 1,
      }
      await scim.insertGroup(group)
      await scim.changeMembers(a.id, group.id, [ann.id], [])
      await scim.changeMembers(a.id, group.id, [ann.id], [])
      assert.deepEqual(
        (await scim.members(a.id, [group.id])).get(group.id)?.map((m) => m.id),
        [ann.id],
      )
      assert.equal((await scim.members(b.id, [group.id])).size, 0, 'not visible to another org')
      assert.equal((await scim.memberCounts(a.id, [group.id])).get(group.id), 1)
      assert.deepEqual(
        (await scim.groupsOf(a.id, [ann.id])).get(ann.id)?.map((g) => g.id),
        [group.id],
      )
      await scim.changeMembers(a.id, group.id, [], [ann.id])
      assert.equal((await scim.members(a.id, [group.id])).size, 0)
      assert.equal(await scim.deleteGroup(b.id, group.id), false, 'another org cannot delete it')
      assert.equal(await scim.lockGroupForChange(b.id, group.id), false)
      assert.equal(await scim.lockGroupForChange(a.id, group.id), true)
      assert.equal((await scim.findGroup(a.id, group.id))?.version, 2)
    })

    it('records token use at most once per resolution', async () => {
      const { scimTokens } = t.store.read
      const token = {
        id: newId(),
        orgId: a.id,
        name: 'T',
        tokenHash: `hash-${newId()}`,
        createdAt: 1,
        createdBy: null,
        lastUsedAt: null,
        revokedAt: null,
      }
      await scimTokens.insert(token)
      await scimTokens.touch(token.id, 1_000_000, 60_000)
      await scimTokens.touch(token.id, 1_030_000, 60_000)
      assert.equal(
        (await scimTokens.findActiveByHash(token.tokenHash))?.token.lastUsedAt,
        1_000_000,
      )
      await scimTokens.touch(token.id, 1_060_000, 60_000)
      assert.equal(
        (await scimTokens.findActiveByHash(token.tokenHash))?.token.lastUsedAt,
        1_060_000,
      )
      assert.equal(await scimTokens.revoke(b.id, token.id, 2), false)
      assert.equal(await scimTokens.revoke(a.id, token.id, 2), true)
      assert.equal(await scimTokens.findActiveByHash(token.tokenHash), undefined)
    })

    it('lets a writer that locked a user after another read the committed change', async () => {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          t.store.transaction(async ({ users }) => {
            assert.equal(await users.lockForChange(a.id, ann.id), true)
            const seen = await users.findById(a.id, ann.id)
            await users.update(a.id, ann.id, { displayName: `${seen?.displayName ?? ''}${i}` }, 1)
            return seen?.version
          }),
        ),
      )
      const final = await t.store.read.users.findById(a.id, ann.id)
      assert.equal(final?.displayName?.length, 6, 'every writer saw the one before it')
      assert.equal(new Set(results).size, 6)
      assert.equal(await t.store.read.users.lockForChange(b.id, ann.id), false)
    })
  })
}
