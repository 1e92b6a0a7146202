/**
 * Runs the migrations with Kysely's Migrator: idempotent, each in a transaction, under a lock
 * (pg_advisory_xact_lock on PostgreSQL; BEGIN IMMEDIATE on SQLite), so instances starting together are safe.
 */
import { Migrator, type MigrationResult } from 'kysely/migration'
import type { Database } from './database.ts'
import { MIGRATIONS } from './migrations/index.ts'

export interface MigrateResult {
  /** Names of the migrations this call applied (empty when the schema was current). */
  readonly applied: readonly string[]
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError'
}

export async function migrateToLatest(database: Database): Promise<MigrateResult> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error !== undefined) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error')?.migrationName
    throw new MigrationError(
      `database migration ${failed ?? ''} failed: ${(error as Error).message ?? String(error)}`,
      { cause: error },
    )
  }
  return { applied: (results ?? []).map((r) => r.migrationName) }
}

/** The migrations `migrateToLatest` would apply now, in order (`portcullis migrate --dry-run`). */
export async function pendingMigrations(database: Database): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
  })
  const known = await migrator.getMigrations()
  return known.filter((m) => m.executedAt === undefined).map((m) => m.name)
}
