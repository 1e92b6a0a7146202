/**
 * SQL for login throttling. The failure count is one atomic upsert, so instances sharing the database
 * count together and concurrent failures are never lost.
 */
import { sql } from 'kysely'
import type { RateLimitRepository } from '../../auth/rate-limit-repository.ts'
import type { Executor } from '../database.ts'

export class SQLRateLimitRepository implements RateLimitRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async recordFailure(key: string, quietWindowMs: number, now: number): Promise<number> {
    const forgetBefore = now - quietWindowMs
    const row = await this.#db
      .insertInto('rate_limits')
      .values({ key, window_start: now, failures: 1, locked_until: null, updated_at: now })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          window_start: sql<number>`case when rate_limits.updated_at <= ${forgetBefore} then ${now} else rate_limits.window_start end`,
          failures: sql<number>`case when rate_limits.updated_at <= ${forgetBefore} then 1 else rate_limits.failures + 1 end`,
          updated_at: now,
        }),
      )
      .returning('failures')
      .executeTakeFirstOrThrow()
    return Number(row.failures)
  }

  async lock(key: string, until: number): Promise<void> {
    await this.#db
      .updateTable('rate_limits')
      .set({ locked_until: until })
      .where('key', '=', key)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', until)]))
      .execute()
  }

  async lockedUntil(keys: readonly string[], now: number): Promise<ReadonlyMap<string, number>> {
    if (keys.length === 0) return new Map()
    const rows = await this.#db
      .selectFrom('rate_limits')
      .select(['key', 'locked_until'])
      .where('key', 'in', [...keys])
      .where('locked_until', '>', now)
      .execute()
    return new Map(rows.map((r) => [r.key, Number(r.locked_until)]))
  }

  async reset(key: string): Promise<void> {
    await this.#db.deleteFrom('rate_limits').where('key', '=', key).execute()
  }
}
