/** Job leases: a periodic job runs on one instance at a time, at most once per interval. */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text')
    .addColumn('lease_until', 'bigint', (c) => c.notNull())
    .addColumn('last_finished_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('domains_recheck')
    .on('domains')
    .columns(['status', 'last_checked_at'])
    .execute()
}
