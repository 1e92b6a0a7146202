/**
 * Enterprise SAML (issue 28): whether a profile refuses (`off`), accepts or requires encrypted
 * assertions. Existing profiles stay `off`, as they behaved before.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('sso_profiles')
    .addColumn('assertion_encryption', 'text', (c) =>
      c
        .notNull()
        .defaultTo('off')
        .check(sql`assertion_encryption in ('off', 'accepted', 'required')`),
    )
    .execute()
}
