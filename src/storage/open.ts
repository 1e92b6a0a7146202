/** Picks the engine from the configuration; the only place that knows both exist. */
import type { DatabaseConfig } from '../config/load.ts'
import type { Database } from './database.ts'
import { openPostgres, type UnavailableListener } from './postgres/dialect.ts'
import { openSQLite } from './sqlite/dialect.ts'

/** `onUnavailable` hears of every connection failure (PostgreSQL); the caller throttles its logging. */
export async function openDatabase(
  config: DatabaseConfig,
  onUnavailable?: UnavailableListener,
): Promise<Database> {
  return config.kind === 'postgres' ? openPostgres(config, onUnavailable) : openSQLite(config.path)
}
