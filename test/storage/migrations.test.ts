/** Migrations: idempotent, and safe when several processes start on one database at once. */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { loadConfig } from '../../src/config/load.ts'
import { migrateToLatest } from '../../src/storage/migrate.ts'
import { MIGRATIONS } from '../../src/storage/migrations/index.ts'
import { openDatabase } from '../../src/storage/open.ts'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts'
import { runNode } from '../helpers/processes.ts'

const ALL = Object.keys(MIGRATIONS)

for (const dialect of DIALECTS) {
  describe(`${dialect}: migrations`, () => {
    const created: TestDatabase[] = []
    const fresh = async (): Promise<TestDatabase> => {
      const db = await createTestDatabase(dialect)
      created.push(db)
      return db
    }
    after(async () => {
      for (const db of created) await db.drop()
    })

    it('applies every migration once, and nothing on a second run', async () => {
      const target = await fresh()
      const database = await openDatabase(loadConfig({ DATABASE_URL: target.url }).config.database)
      try {
        assert.deepEqual((await migrateToLatest(database)).applied, ALL)
        assert.deepEqual((await migrateToLatest(database)).applied, [])
      } finally {
        await database.close()
      }
    })

    describe('with four processes migrating one fresh database at the same moment', () => {
      let target: TestDatabase
      let results: Awaited<ReturnType<typeof runNode>>[]
      before(async () => {
        target = await fresh()
        results = await Promise.all(
          Array.from({ length: 4 }, () =>
            runNode('src/cli/portcullis.ts', ['migrate'], { DATABASE_URL: target.url }),
          ),
        )
      })

      it('every process succeeds', () => {
        for (const result of results) assert.equal(result.code, 0, result.stderr)
      })

      it('each migration is applied by exactly one of them', () => {
        const applied = results.flatMap(
          (r) => (JSON.parse(r.stdout) as { applied: string[] }).applied,
        )
        assert.deepEqual(applied.sort(), [...ALL].sort())
      })

      it('leaves one correct schema', async () => {
        const database = await openDatabase(
          loadConfig({ DATABASE_URL: target.url }).config.database,
        )
        try {
          const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(
            database.db,
          )
          assert.deepEqual(
            rows.rows.map((r) => r.name),
            ALL,
          )
          const tables = (await database.db.introspection.getTables()).map((t) => t.name).sort()
          for (const table of ['organizations', 'users', 'domains', 'sessions', 'audit_events']) {
            assert.ok(tables.includes(table), `missing table ${table}`)
          }
          assert.deepEqual((await migrateToLatest(database)).applied, [])
        } finally {
          await database.close()
        }
      })
    })
  })
}
