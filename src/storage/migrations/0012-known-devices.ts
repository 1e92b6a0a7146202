/**
 * Hardening, wave 3 (issue 21): browsers a user has signed in from (a device cookie's hash per user),
 * which pass the account-wide login slow-down; and sessions found by organization, so a settings change
 * can record the sessions that ended under the old values.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('known_devices')
    .addColumn('device_hash', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('email_canonical', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('known_devices_pk', ['device_hash', 'user_id'])
    .execute()
  await db.schema
    .createIndex('known_devices_lookup')
    .on('known_devices')
    .columns(['device_hash', 'email_canonical'])
    .execute()
  await db.schema
    .createIndex('known_devices_user')
    .on('known_devices')
    .columns(['user_id'])
    .execute()
  await db.schema.createIndex('sessions_org').on('sessions').column('org_id').execute()
}
