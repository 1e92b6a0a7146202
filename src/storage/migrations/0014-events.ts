/**
 * The event log (issue 24): events numbered in commit order. `event_counter` holds the last number
 * given; a transaction takes its numbers with one `UPDATE … RETURNING` as it commits, so the row lock
 * makes a later-committing writer wait and take later numbers (PostgreSQL; SQLite has one writer).
 * And the expiry warnings given, so each is given (and its event written) once.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text')
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('events_org_seq').on('events').columns(['org_id', 'seq']).execute()
  await db.schema.createIndex('events_occurred').on('events').column('occurred_at').execute()

  // Which expiry warnings were given (profile, what expires, when, at which threshold: 30/14/7/0
  // days): each once, whether or not a mail could go out, so its event is written once too.
  await db.schema
    .createTable('expiry_warnings')
    .addColumn('profile_id', 'text', (c) =>
      c.notNull().references('sso_profiles.id').onDelete('cascade'),
    )
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('threshold_days', 'integer', (c) => c.notNull())
    .addColumn('warned_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('expiry_warnings_pk', [
      'profile_id',
      'code',
      'expires_at',
      'threshold_days',
    ])
    .execute()

  await db.schema
    .createTable('event_counter')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('last', 'bigint', (c) => c.notNull())
    .execute()
  await (db as Kysely<{ event_counter: { id: number; last: number } }>)
    .insertInto('event_counter')
    .values({ id: 1, last: 0 })
    .execute()
}
