/**
 * Hardening the front door: a login transaction remembers that the client asked for a fresh
 * authentication (`prompt=login`, `max_age`), so SSO sends ForceAuthn; throttling rows get the slot
 * columns: when the last attempt was admitted, and the next free slot of the account-wide slow-down.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('login_transactions')
    .addColumn('force_authn', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('rate_limits').addColumn('next_slot_at', 'bigint').execute()
  await db.schema.alterTable('rate_limits').addColumn('admitted_at', 'bigint').execute()
}
