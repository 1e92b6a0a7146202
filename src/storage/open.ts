/** Picks the engine from the configuration; the only place that knows both exist. */
import type { DatabaseConfig } from '../config/load.ts'
import type { Database } from './database.ts'
import { openPostgres } from './postgres/dialect.ts'
import { openSQLite } from './sqlite/dialect.ts'

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === 'postgres' ? openPostgres(config) : openSQLite(config.path)
}
