/**
 * Two-factor sign-in (issue 25): second factors of password users (TOTP secrets sealed at rest, WebAuthn
 * credentials) and recovery codes (hashed), both dropped with their user.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('second_factors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text')
    .addColumn('last_used_step', 'bigint')
    .addColumn('credential_id', 'text', (c) => c.unique())
    .addColumn('public_key', 'text')
    .addColumn('sign_count', 'bigint')
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('second_factors_user')
    .on('second_factors')
    .columns(['org_id', 'user_id'])
    .execute()

  // How a session was proved beyond the password (the ID token's amr), and a login transaction whose
  // password was right, waiting for the second factor.
  await db.schema.alterTable('sessions').addColumn('second_factor', 'text').execute()
  await db.schema
    .alterTable('login_transactions')
    .addColumn('first_factor_user_id', 'text')
    .execute()
  await db.schema.alterTable('login_transactions').addColumn('first_factor_at', 'bigint').execute()

  await db.schema
    .createTable('recovery_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('recovery_codes_user')
    .on('recovery_codes')
    .columns(['org_id', 'user_id'])
    .execute()
}
