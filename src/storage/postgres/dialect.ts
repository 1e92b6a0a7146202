/** Opening PostgreSQL through `pg` and its quirks: type parsing, connection errors, constraint errors. */
import pg from 'pg'
import { Kysely, PostgresDialect, sql } from 'kysely'
import type { Database, DB } from '../database.ts'
import type { UniqueIndex } from '../unique-indexes.ts'

export interface PostgresConfig {
  readonly url: string
  readonly displayUrl: string
  readonly poolSize: number
  readonly connectTimeoutMs: number
}

const INT8_OID = 20

// Times are epoch milliseconds in bigint columns; they fit a JS number exactly (< 2^53).
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
}

/** Thrown when PostgreSQL cannot be reached at start; the message names the URL without its password. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError'
}

export async function openPostgres(config: PostgresConfig): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize,
    connectionTimeoutMillis: config.connectTimeoutMs,
    types: TYPES,
  })
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {})
  try {
    const client = await pool.connect()
    client.release()
  } catch (error) {
    await pool.end().catch(() => {})
    const reason = (error as Error).message || (error as { code?: string }).code || 'unknown error'
    throw new DatabaseUnavailableError(
      `cannot connect to PostgreSQL at ${config.displayUrl} (DATABASE_URL): ${reason}`,
      { cause: error },
    )
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  return {
    engine: 'postgres',
    db,
    isUniqueViolation: isPostgresUniqueViolation,
    transaction: (work) => db.transaction().execute(work),
    ping: async () => {
      await sql`select 1`.execute(db)
    },
    close: () => db.destroy(),
  }
}

const UNIQUE_VIOLATION = '23505'

function isPostgresUniqueViolation(error: unknown, index?: UniqueIndex): boolean {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== UNIQUE_VIOLATION) {
    return false
  }
  return index === undefined || (error as { constraint?: unknown }).constraint === index.name
}
