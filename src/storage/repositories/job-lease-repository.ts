/** SQL for job leases: insert-if-absent, then one conditional UPDATE decides who runs (STYLE rule 12). */
import type { JobLeaseRepository } from '../../jobs/job-lease-repository.ts'
import type { Executor } from '../database.ts'

export class SQLJobLeaseRepository implements JobLeaseRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async tryAcquire(
    name: string,
    holder: string,
    now: number,
    leaseUntil: number,
    finishedBefore: number,
  ): Promise<boolean> {
    await this.#db
      .insertInto('job_leases')
      .values({ name, holder: null, lease_until: 0, last_finished_at: null })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute()
    const result = await this.#db
      .updateTable('job_leases')
      .set({ holder, lease_until: leaseUntil })
      .where('name', '=', name)
      .where('lease_until', '<=', now)
      .where((eb) =>
        eb.or([eb('last_finished_at', 'is', null), eb('last_finished_at', '<=', finishedBefore)]),
      )
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  async heldUntil(name: string, now: number): Promise<number | null> {
    const row = await this.#db
      .selectFrom('job_leases')
      .select('lease_until')
      .where('name', '=', name)
      .where('lease_until', '>', now)
      .executeTakeFirst()
    return row === undefined ? null : Number(row.lease_until)
  }

  async renew(name: string, holder: string, leaseUntil: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('job_leases')
      .set({ lease_until: leaseUntil })
      .where('name', '=', name)
      .where('holder', '=', holder)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  async release(name: string, holder: string): Promise<void> {
    await this.#db
      .updateTable('job_leases')
      .set({ holder: null, lease_until: 0 })
      .where('name', '=', name)
      .where('holder', '=', holder)
      .execute()
  }

  async finish(name: string, holder: string, now: number): Promise<void> {
    await this.#db
      .updateTable('job_leases')
      .set({ holder: null, lease_until: 0, last_finished_at: now })
      .where('name', '=', name)
      .where('holder', '=', holder)
      .execute()
  }
}
