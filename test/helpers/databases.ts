/**
 * Fresh databases for tests, on every engine the run covers (STYLE rule 33): a temporary SQLite file, or a
 * new database in the throwaway PostgreSQL cluster that `npm test` starts (PORTCULLIS_TEST_PG_URL).
 */
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { ENGINES, type Engine } from '../../src/storage/database.ts'

export const DIALECTS: readonly Engine[] = (process.env['DIALECTS'] ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is Engine => (ENGINES as readonly string[]).includes(d))

export interface TestDatabase {
  readonly engine: Engine
  /** A DATABASE_URL for the fresh, empty database. */
  readonly url: string
  drop(): Promise<void>
}

function adminURL(): string {
  const url = process.env['PORTCULLIS_TEST_PG_URL']
  if (!url) {
    throw new Error(
      'PostgreSQL tests need PORTCULLIS_TEST_PG_URL: run `npm test` (it starts a cluster) or set DIALECTS=sqlite',
    )
  }
  return url
}

export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  const name = `t_${randomBytes(8).toString('hex')}`
  if (engine === 'sqlite') {
    const path = join(tmpdir(), `portcullis-${name}.sqlite`)
    return {
      engine,
      url: `sqlite:${path}`,
      drop: async () => {
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
      },
    }
  }
  const admin = new pg.Client({ connectionString: adminURL() })
  await admin.connect()
  try {
    await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(adminURL())
  url.pathname = `/${name}`
  return {
    engine,
    url: url.href,
    drop: async () => {
      const client = new pg.Client({ connectionString: adminURL() })
      await client.connect()
      try {
        await client.query(`drop database if exists ${name} with (force)`)
      } finally {
        await client.end()
      }
    },
  }
}
