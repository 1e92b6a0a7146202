/**
 * SAML: pending AuthnRequests (bound to a browser, consumed once), the assertion replay cache shared by
 * every instance, IdP metadata refresh state, the application IdP-initiated logins land in, and the
 * login-initiation URI of OIDC clients (OIDC Core §4) used to send users there.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('saml_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('sso_profile_id', 'text', (c) =>
      c.notNull().references('sso_profiles.id').onDelete('cascade'),
    )
    .addColumn('binding_hash', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('login_transaction_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('consumed_at', 'bigint')
    .execute()

  await db.schema
    .createTable('saml_replay')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('assertion_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('saml_replay_pk', ['issuer', 'assertion_id'])
    .execute()

  // A connection test is started by the Admin API and run in a browser: a single-use ticket links them.
  await db.schema
    .createTable('saml_test_tickets')
    .addColumn('ticket_hash', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('sso_profile_id', 'text', (c) =>
      c.notNull().references('sso_profiles.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('consumed_at', 'bigint')
    .execute()

  await db.schema
    .alterTable('sso_profiles')
    .addColumn('idp_metadata_valid_until', 'bigint')
    .execute()
  await db.schema
    .alterTable('sso_profiles')
    .addColumn('idp_metadata_next_refresh_at', 'bigint')
    .execute()
  await db.schema.alterTable('sso_profiles').addColumn('idp_metadata_error', 'text').execute()
  await db.schema.alterTable('sso_profiles').addColumn('default_client_id', 'text').execute()
  await db.schema.alterTable('oidc_clients').addColumn('initiate_login_uri', 'text').execute()
  // SAML metadata publishes keys as certificates; made once with the key, so every instance agrees.
  await db.schema.alterTable('signing_keys').addColumn('certificate_pem', 'text').execute()
}
