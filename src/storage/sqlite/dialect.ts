/** Opening the embedded SQLite database and its quirks: pragmas, file location, constraint errors. */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { Kysely, sql } from 'kysely'
import type { Database, DB } from '../database.ts'
import type { UniqueIndex } from '../unique-indexes.ts'
import { NodeSQLiteDialect } from './node-sqlite-driver.ts'
import { observeQuery } from '../query-metrics.ts'

/** How long a write waits for another process's write lock before failing. */
const BUSY_TIMEOUT_MS = 15_000

export function openSQLite(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const raw = new DatabaseSync(path)
  // busy_timeout first: switching to WAL needs a lock another process may hold.
  raw.exec(`pragma busy_timeout = ${BUSY_TIMEOUT_MS}`)
  raw.exec('pragma journal_mode = wal')
  raw.exec('pragma synchronous = normal')
  raw.exec('pragma foreign_keys = on')
  // Checkpoint the WAL into the database file every 8,000 pages (32 MiB) instead of SQLite's 1,000: a
  // page written again before the checkpoint is copied once, and each checkpoint syncs the file. An
  // import's batches rewrite the same index pages: 100,000 rows took 9 s of CPU instead of 12
  // (`npm run bench:import`); the WAL file grows to about 32 MiB before it is reused.
  raw.exec('pragma wal_autocheckpoint = 8000')
  // LIKE as PostgreSQL has it: case-sensitive. Case-insensitive matches lower() both sides explicitly,
  // so the same query means the same thing on both engines (SCIM `co` on a case-exact externalId).
  raw.exec('pragma case_sensitive_like = on')
  const db = new Kysely<DB>({ dialect: new NodeSQLiteDialect(raw), log: observeQuery })
  return {
    engine: 'sqlite',
    db,
    isUniqueViolation: isSQLiteUniqueViolation,
    transaction: (work) => db.transaction().execute(work),
    ping: async () => {
      await sql`select 1`.execute(db)
    },
    close: () => db.destroy(),
  }
}

// SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY extended result codes.
const UNIQUE_CODES = new Set([2067, 1555])

function isSQLiteUniqueViolation(error: unknown, index?: UniqueIndex): boolean {
  if (!(error instanceof Error) || !('errcode' in error)) return false
  if (!UNIQUE_CODES.has(error.errcode as number)) return false
  if (index === undefined) return true
  return error.message.endsWith(`constraint failed: ${index.columns}`)
}
