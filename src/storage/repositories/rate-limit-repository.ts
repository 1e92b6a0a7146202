/**
 * SQL for login throttling. Each attempt is counted and decided by one `INSERT … ON CONFLICT DO UPDATE
 * … RETURNING` (both engines): the row lock of the upsert orders concurrent attempts, so instances
 * sharing the database count together and no two attempts see the same count. Every value the
 * decision needs (lock length, slot spacing) is looked up in the same statement from a small table.
 */
import { sql, type RawBuilder } from 'kysely'
import {
  lockDuration,
  schedule,
  slowDownDelay,
  type Admission,
  type LockRule,
  type SlowRule,
} from '../../throttling/rate-limit.ts'
import type { RateLimitRepository } from '../../throttling/rate-limit-repository.ts'
import type { Executor } from '../database.ts'

/** A parameter typed for PostgreSQL's inference inside CASE branches (SQLite ignores the cast). */
const int = (value: number): RawBuilder<number> => sql<number>`cast(${value} as bigint)`

/** `case` over a schedule: the value for `attempts`, or the cap beyond the table. */
function lookup(attempts: RawBuilder<number>, table: ReturnType<typeof schedule>) {
  const rows = table.rows.map(([n, v]) => sql`when ${attempts} = ${int(n)} then ${int(v)}`)
  // A schedule that is its cap from the start (a fixed lock) has no rows: `case else … end` is not SQL.
  if (rows.length === 0) return int(table.cap)
  return sql<number>`(case ${sql.join(rows, sql` `)} else ${int(table.cap)} end)`
}

export class SQLRateLimitRepository implements RateLimitRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async admitLocked(key: string, rule: LockRule, now: number): Promise<Admission> {
    const forgetBefore = now - rule.quietWindowMs
    const locked = sql<boolean>`coalesce(rate_limits.locked_until, 0) > ${int(now)}`
    const quiet = sql<boolean>`(rate_limits.updated_at <= ${int(forgetBefore)} and coalesce(rate_limits.locked_until, 0) <= ${int(forgetBefore)})`
    const attempts = sql<number>`(case when ${quiet} then 1 else rate_limits.failures + 1 end)`
    const table = schedule((n) => lockDuration(rule, n), rule.maxAttempts, rule.maxLockMs)
    const lockUntil = sql<
      number | null
    >`(case when ${attempts} < ${int(rule.maxAttempts)} then null else ${int(now)} + ${lookup(attempts, table)} end)`
    const firstLock = lockDuration(rule, 1)
    const row = await this.#db
      .insertInto('rate_limits')
      .values({
        key,
        window_start: now,
        failures: 1,
        locked_until: firstLock > 0 ? now + firstLock : null,
        updated_at: now,
        next_slot_at: null,
        admitted_at: now,
      })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql<number>`case when ${locked} then rate_limits.failures else ${attempts} end`,
          window_start: sql<number>`case when ${locked} or not ${quiet} then rate_limits.window_start else ${int(now)} end`,
          locked_until: sql<
            number | null
          >`case when ${locked} then rate_limits.locked_until else ${lockUntil} end`,
          updated_at: sql<number>`case when ${locked} then rate_limits.updated_at else ${int(now)} end`,
          admitted_at: sql<number | null>`case when ${locked} then null else ${int(now)} end`,
        }),
      )
      .returning(['failures', 'locked_until', 'admitted_at'])
      .executeTakeFirstOrThrow()
    return admission(row.failures, row.admitted_at, row.locked_until)
  }

  async admitSlowed(key: string, rule: SlowRule, now: number): Promise<Admission> {
    const forgetBefore = now - rule.quietWindowMs
    const quiet = sql<boolean>`(rate_limits.updated_at <= ${int(forgetBefore)} and coalesce(rate_limits.next_slot_at, 0) <= ${int(forgetBefore)})`
    const attempts = sql<number>`(case when ${quiet} then 1 else rate_limits.failures + 1 end)`
    const pending = sql<number>`(case when ${quiet} then 0 else coalesce(rate_limits.next_slot_at, 0) end)`
    const start = sql<number>`(case when ${pending} > ${int(now)} then ${pending} else ${int(now)} end)`
    const free = sql<boolean>`${attempts} <= ${int(rule.freeAttempts)}`
    const full = sql<boolean>`${pending} > ${int(now + rule.maxWaitMs)}`
    const table = schedule((n) => slowDownDelay(rule, n), rule.freeAttempts + 1, rule.maxDelayMs)
    const row = await this.#db
      .insertInto('rate_limits')
      .values({
        key,
        window_start: now,
        failures: 1,
        locked_until: null,
        updated_at: now,
        next_slot_at: null,
        admitted_at: now,
      })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: attempts,
          window_start: sql<number>`case when ${quiet} then ${int(now)} else rate_limits.window_start end`,
          updated_at: int(now),
          next_slot_at: sql<
            number | null
          >`case when ${quiet} and ${free} then null when ${free} or ${full} then rate_limits.next_slot_at else ${start} + ${lookup(attempts, table)} end`,
          admitted_at: sql<
            number | null
          >`case when ${free} then ${int(now)} when ${full} then null else ${start} end`,
        }),
      )
      .returning(['failures', 'next_slot_at', 'admitted_at'])
      .executeTakeFirstOrThrow()
    return admission(row.failures, row.admitted_at, row.next_slot_at)
  }

  async refund(key: string, rule: LockRule | SlowRule): Promise<void> {
    const limit = rule.kind === 'lock' ? rule.maxAttempts : Number.MAX_SAFE_INTEGER
    await this.#db
      .updateTable('rate_limits')
      .set({
        failures: sql<number>`case when failures > 0 then failures - 1 else 0 end`,
        locked_until: sql<
          number | null
        >`case when failures - 1 < ${int(limit)} then null else locked_until end`,
      })
      .where('key', '=', key)
      .execute()
  }

  async reset(key: string): Promise<void> {
    await this.#db.deleteFrom('rate_limits').where('key', '=', key).execute()
  }
}

function admission(
  attempts: number | string,
  admittedAt: number | string | null,
  until: number | string | null,
): Admission {
  return {
    attempts: Number(attempts),
    admittedAt: admittedAt === null ? null : Number(admittedAt),
    until: until === null ? null : Number(until),
  }
}
