/** Opening PostgreSQL through `pg` and its quirks: type parsing, connection errors, constraint errors. */
import pg from 'pg'
import { Kysely, PostgresDialect, sql } from 'kysely'
import type { Database, DB } from '../database.ts'
import type { UniqueIndex } from '../unique-indexes.ts'
import { AppError } from '../../errors/app-error.ts'
import { observeQuery } from '../query-metrics.ts'

export interface PostgresConfig {
  readonly url: string
  readonly displayUrl: string
  readonly poolSize: number
  readonly connectTimeoutMs: number
  /** How long a query waits for a pooled connection before the request is answered 503. */
  readonly poolTimeoutMs: number
}

/** Told (at most once per interval, by the caller) when PostgreSQL cannot be used right now. */
export type UnavailableListener = (cause: Error) => void

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

/**
 * Errors that say the server is unreachable, restarting or full, not that the query is wrong: SQLSTATE
 * classes 08 (connection exception) and 57P (operator intervention), 53300 (too many connections), the
 * socket errors, and pg's own messages for a lost connection or a pool wait that ran out.
 */
export function isConnectionFailure(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? '')
  if (code.startsWith('08') || code.startsWith('57P') || code === '53300') return true
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(code)) {
    return true
  }
  const message = error instanceof Error ? error.message : ''
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|not queryable/i.test(
    message,
  )
}

export async function openPostgres(
  config: PostgresConfig,
  onUnavailable: UnavailableListener = () => {},
): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize,
    // Bounds both opening a connection and waiting for a free one when the pool is full.
    connectionTimeoutMillis: config.poolTimeoutMs,
    types: TYPES,
  })
  // A client that loses its server — idle in the pool or checked out in a transaction — must never end
  // the process ('error' without a listener throws); the query it was running fails, and is answered 503.
  pool.on('error', (error) => onUnavailable(error))
  pool.on('connect', (client) => client.on('error', (error) => onUnavailable(error)))
  await waitForServer(pool, config)
  const unavailable = (error: unknown): unknown => {
    if (!isConnectionFailure(error)) return error
    onUnavailable(error as Error)
    return new AppError('service.unavailable', {
      cause: error,
      details: { retryAfterSeconds: RETRY_AFTER_SECONDS },
    })
  }
  // What Kysely uses of a pool, with connection failures turned into `service.unavailable`.
  const guarded = {
    connect: async () => {
      let client: pg.PoolClient
      try {
        client = await pool.connect()
      } catch (error) {
        throw unavailable(error)
      }
      return {
        query: (...args: Parameters<pg.PoolClient['query']>) =>
          (client.query as (...a: unknown[]) => Promise<unknown>)(...args).catch(
            (error: unknown) => {
              throw unavailable(error)
            },
          ),
        release: () => client.release(),
      }
    },
    end: () => pool.end(),
  }
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: guarded as unknown as pg.Pool }),
    log: observeQuery,
  })
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

/** Seconds a 503 tells the client to wait: about how long a PostgreSQL restart or failover takes. */
export const RETRY_AFTER_SECONDS = 5

/** At start, tries to connect until DATABASE_CONNECT_TIMEOUT_SECONDS has passed. */
async function waitForServer(pool: pg.Pool, config: PostgresConfig): Promise<void> {
  const deadline = Date.now() + config.connectTimeoutMs
  for (;;) {
    try {
      const client = await pool.connect()
      client.release()
      return
    } catch (error) {
      if (Date.now() + 250 < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250))
        continue
      }
      await pool.end().catch(() => {})
      const reason =
        (error as Error).message || (error as { code?: string }).code || 'unknown error'
      throw new DatabaseUnavailableError(
        `cannot connect to PostgreSQL at ${config.displayUrl} (DATABASE_URL): ${reason}`,
        { cause: error },
      )
    }
  }
}

const UNIQUE_VIOLATION = '23505'

function isPostgresUniqueViolation(error: unknown, index?: UniqueIndex): boolean {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== UNIQUE_VIOLATION) {
    return false
  }
  return index === undefined || (error as { constraint?: unknown }).constraint === index.name
}
