/** Picks the engine from the configuration; the only place that knows both exist. */
import type { DatabaseConfig } from '../config/load.ts'
import type { Database } from './database.ts'
import type { UnavailableListener } from './postgres/dialect.ts'
import { openSQLite } from './sqlite/dialect.ts'

/** `onUnavailable` hears of every connection failure (PostgreSQL); the caller throttles its logging. */
export async function openDatabase(
  config: DatabaseConfig,
  onUnavailable?: UnavailableListener,
): Promise<Database> {
  if (config.kind === 'sqlite') return openSQLite(config.path)
  // Loaded only when used: the PostgreSQL driver is ~10 MiB of a SQLite deployment's memory otherwise.
  const { openPostgres } = await import('./postgres/dialect.ts')
  return openPostgres(config, onUnavailable)
}
