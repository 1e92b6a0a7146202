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
}
