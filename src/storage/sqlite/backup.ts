/**
 * An online, consistent copy of a SQLite database (`portcullis backup --to FILE`): SQLite's backup API
 * through `node:sqlite`, every page in one step — one read transaction, so the copy is the database as
 * of one moment while the service keeps serving (WAL: writers are not blocked). The copy is a complete
 * database file, opened as is by a fresh instance (DATABASE_URL=sqlite:FILE).
 */
import { existsSync } from 'node:fs'
import { backup, DatabaseSync } from 'node:sqlite'

/** All pages in one step (the API wants a positive page count per step). */
const ALL_PAGES = 2 ** 31 - 1

export async function backupSQLite(source: string, target: string): Promise<{ pages: number }> {
  if (existsSync(target)) throw new Error(`${target} exists; a backup never overwrites a file`)
  const db = new DatabaseSync(source, { readOnly: true })
  try {
    const pages = await backup(db, target, { rate: ALL_PAGES })
    return { pages }
  } finally {
    db.close()
  }
}
