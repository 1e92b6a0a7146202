/** Multi-row inserts compiled once: every row lands with its own values, in chunks, in transactions, on every engine. */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { insertRows } from '../../src/storage/bulk-insert.ts'
import { DIALECTS } from '../helpers/databases.ts'
import { buildOrganization } from '../helpers/fixtures.ts'
import { openTestDatabase, type OpenedTestDatabase } from '../helpers/storage.ts'

const runRow = (runId: string, orgId: string) => ({
  id: runId,
  org_id: orgId,
  status: 'pending',
  send_invitations: 0,
  created_by_type: 'operator',
  created_by_id: 'test',
  created_at: 1,
  total_rows: 0,
  next_row: 0,
})

for (const dialect of DIALECTS) {
  describe(`${dialect}: bulk inserts`, () => {
    let t: OpenedTestDatabase
    const org = buildOrganization({ name: 'Bulk' })
    before(async () => {
      t = await openTestDatabase(dialect)
      await t.store.read.orgs.insert(org)
    })
    after(() => t.close())

    /** An import run the rows can belong to (their foreign key). */
    const newRun = (runId: string) =>
      t.database.db
        .insertInto('import_runs')
        .values(runRow(runId, org.id) as never)
        .execute()

    const rowsOf = (runId: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        run_id: runId,
        row_number: i,
        line: i + 2,
        email: `p${i}@bulk.test`,
        given_name: i % 3 === 0 ? '' : `Given ${i}`,
        family_name: `Family, ${i} 'quoted' \\u00e9`,
        role: i % 2 === 0 ? 'admin' : 'member',
        precheck: i % 7 === 0 ? 'row.malformed' : null,
      }))

    it('writes every row with its own values, across full and partial chunks (500, 500, 234)', async () => {
      const runId = 'run-bulk-1'
      await newRun(runId)
      const rows = rowsOf(runId, 1234)
      await insertRows(t.database.db, 'import_rows', rows, 500)
      // A second run of another size reuses the compiled statements and binds its own values.
      await insertRows(
        t.database.db,
        'import_rows',
        rowsOf(runId, 3).map((r) => ({ ...r, row_number: r.row_number + 5000 })),
        500,
      )
      const stored = await t.database.db
        .selectFrom('import_rows')
        .selectAll()
        .where('run_id', '=', runId)
        .orderBy('row_number')
        .execute()
      assert.equal(stored.length, 1237)
      assert.deepEqual(
        stored
          .slice(0, 1234)
          .map((r) => ({ ...r, row_number: Number(r.row_number), line: Number(r.line) })),
        rows,
      )
      assert.equal(stored[1234]?.email, 'p0@bulk.test')
    })

    it('runs in the transaction it is given: a failure rolls every chunk back', async () => {
      const runId = 'run-bulk-2'
      await newRun(runId)
      const rows = rowsOf(runId, 700)
      const duplicate = { ...rows[0], row_number: 0 } as (typeof rows)[number]
      await assert.rejects(
        t.database.transaction((trx) => insertRows(trx, 'import_rows', [...rows, duplicate], 500)),
      )
      const count = await t.database.db
        .selectFrom('import_rows')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('run_id', '=', runId)
        .executeTakeFirstOrThrow()
      assert.equal(Number(count.n), 0)
    })

    it('refuses a row with an undefined value instead of writing a null for it', async () => {
      const rows = rowsOf('run-bulk-1', 2).map((r) => ({ ...r, row_number: r.row_number + 9000 }))
      const broken = { ...rows[1], email: undefined } as unknown as (typeof rows)[number]
      await assert.rejects(
        insertRows(t.database.db, 'import_rows', [rows[0] as (typeof rows)[number], broken], 500),
        /undefined/,
      )
    })
  })
}
