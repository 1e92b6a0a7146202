/**
 * Hardening the front door: a login transaction remembers that the client asked for a fresh
 * authentication (`prompt=login`, `max_age`), so SSO sends ForceAuthn; throttling rows get the slot
 * columns: when the last attempt was admitted, and the next free slot of the account-wide slow-down;
 * connection tests remember who started them.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('login_transactions')
    .addColumn('force_authn', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('rate_limits').addColumn('next_slot_at', 'bigint').execute()
  await db.schema.alterTable('rate_limits').addColumn('admitted_at', 'bigint').execute()
  // A connection test belongs to the admin who started it: their session (when they used one) must
  // open it, and its result is audited as theirs.
  await db.schema.alterTable('saml_test_tickets').addColumn('session_hash', 'text').execute()
  await db.schema.alterTable('saml_test_tickets').addColumn('actor_type', 'text').execute()
  await db.schema.alterTable('saml_test_tickets').addColumn('actor_id', 'text').execute()
  await db.schema.alterTable('saml_requests').addColumn('actor_type', 'text').execute()
  await db.schema.alterTable('saml_requests').addColumn('actor_id', 'text').execute()

  // IdP metadata refreshes: an organization may hold changes for approval (staged until then).
  await db.schema
    .alterTable('sso_profiles')
    .addColumn('metadata_change_policy', 'text', (c) => c.notNull().defaultTo('apply'))
    .execute()
  await db.schema.alterTable('sso_profiles').addColumn('staged_metadata_xml', 'text').execute()
  await db.schema.alterTable('sso_profiles').addColumn('staged_metadata_at', 'bigint').execute()
  await db.schema.alterTable('sso_profiles').addColumn('staged_metadata_changes', 'text').execute()
  await db.schema.alterTable('sso_profiles').addColumn('staged_metadata_status', 'text').execute()
  // A connection test of held metadata, rather than of what the profile uses now.
  await db.schema
    .alterTable('saml_test_tickets')
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo('test'))
    .execute()

  // Mail to administrators (metadata changes, expiry warnings) goes through an outbox drained by the job
  // runner: written in the transaction of what it reports, sent and retried independently of it.
  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text')
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // At most one message per key (e.g. one expiry warning per profile and expiry date).
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('send_after', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sent_at', 'bigint')
    .addColumn('last_error', 'text')
    .execute()
  await db.schema
    .createIndex('mail_outbox_due')
    .on('mail_outbox')
    .columns(['sent_at', 'send_after'])
    .execute()
}
