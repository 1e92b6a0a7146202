/** Queries compiled once per engine run with each call's values, inside transactions too, on every engine. */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Executor } from '../../src/storage/database.ts'
import { precompiled } from '../../src/storage/precompiled.ts'
import { DIALECTS } from '../helpers/databases.ts'
import { buildOrganization, buildUser } from '../helpers/fixtures.ts'
import { openTestDatabase, type OpenedTestDatabase } from '../helpers/storage.ts'

const BY_ROLE = precompiled((db: Executor, orgId: string, role: string) =>
  db
    .selectFrom('users')
    .select(['id', 'role'])
    .where('org_id', '=', orgId)
    .where('status', '=', 'active')
    .where('role', '=', role)
    .orderBy('id'),
)

for (const dialect of DIALECTS) {
  describe(`${dialect}: precompiled queries`, () => {
    let t: OpenedTestDatabase
    const orgA = buildOrganization({ name: 'A' })
    const orgB = buildOrganization({ name: 'B' })
    const admin = buildUser(orgA.id, { role: 'admin', status: 'active' })
    const member = buildUser(orgA.id, { role: 'member', status: 'active' })
    const inactive = buildUser(orgA.id, { role: 'member', status: 'deactivated' })
    const other = buildUser(orgB.id, { role: 'member', status: 'active' })
    before(async () => {
      t = await openTestDatabase(dialect)
      await t.store.read.orgs.insert(orgA)
      await t.store.read.orgs.insert(orgB)
      for (const user of [admin, member, inactive, other]) await t.store.read.users.insert(user)
    })
    after(() => t.close())

    it('binds each call its own values, keeping the constants the query was built with', async () => {
      const db = t.database.db
      const rows = async (orgId: string, role: string) =>
        (await BY_ROLE.rows(db, orgId, role)).map((row) => ({ ...row }))
      assert.deepEqual(await rows(orgA.id, 'member'), [{ id: member.id, role: 'member' }])
      assert.deepEqual(await rows(orgA.id, 'admin'), [{ id: admin.id, role: 'admin' }])
      assert.deepEqual(await rows(orgB.id, 'member'), [{ id: other.id, role: 'member' }])
      assert.deepEqual(await rows(orgB.id, 'admin'), [])
    })

    it('runs in the transaction it is given and sees its uncommitted writes', async () => {
      const late = buildUser(orgB.id, { role: 'admin' })
      await assert.rejects(
        t.database.transaction(async (trx) => {
          await trx
            .insertInto('users')
            .values({
              id: late.id,
              org_id: orgB.id,
              email: late.email,
              email_canonical: late.emailCanonical,
              status: 'active',
              role: 'admin',
              sso_override: 'none',
              created_at: 1,
              updated_at: 1,
              version: 1,
            })
            .execute()
          assert.equal((await BY_ROLE.rows(trx, orgB.id, 'admin')).length, 1)
          throw new Error('roll back')
        }),
        /roll back/,
      )
      assert.deepEqual(await BY_ROLE.rows(t.database.db, orgB.id, 'admin'), [])
    })

    it('refuses a query that does not bind each argument exactly once', async () => {
      const twice = precompiled((db: Executor, id: string) =>
        db.selectFrom('users').select('id').where('id', '=', id).where('org_id', '=', id),
      )
      await assert.rejects(twice.rows(t.database.db, 'x'), TypeError)
      const unused = precompiled((db: Executor, _id: string) => db.selectFrom('users').select('id'))
      await assert.rejects(unused.rows(t.database.db, 'x'), TypeError)
    })
  })
}
