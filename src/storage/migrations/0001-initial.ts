/**
 * The first schema: organizations, users, invitations, SSO profiles and certificates, domains (with
 * enforcement as a column, so enforcing is one row write), sessions, OIDC clients, admin API tokens,
 * audit events. Portable types only: text, integer, bigint (epoch ms).
 */
import { sql, type Kysely } from 'kysely'
import { UNIQUE } from '../unique-indexes.ts'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_canonical', 'text', (c) => c.notNull())
    .addColumn('given_name', 'text')
    .addColumn('family_name', 'text')
    .addColumn('display_name', 'text')
    .addColumn('external_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('sso_override', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_login_at', 'bigint')
    .addCheckConstraint('users_status_check', sql`status in ('invited', 'active', 'deactivated')`)
    .addCheckConstraint('users_role_check', sql`role in ('owner', 'admin', 'member')`)
    .addCheckConstraint(
      'users_sso_override_check',
      sql`sso_override in ('none', 'enabled', 'disabled')`,
    )
    .execute()
  // SPEC §2: email unique per deployment, compared in canonical form.
  await db.schema
    .createIndex(UNIQUE.usersEmail.name)
    .on('users')
    .column('email_canonical')
    .unique()
    .execute()
  // SPEC §2: exactly one owner per organization (at most one here; services keep it at one).
  await db.schema
    .createIndex(UNIQUE.usersOwner.name)
    .on('users')
    .column('org_id')
    .unique()
    .where(sql.ref('role'), '=', 'owner')
    .execute()
  await db.schema
    .createIndex(UNIQUE.usersExternalId.name)
    .on('users')
    .columns(['org_id', 'external_id'])
    .unique()
    .where(sql.ref('external_id'), 'is not', null)
    .execute()
  await db.schema
    .createIndex('users_org_created')
    .on('users')
    .columns(['org_id', 'created_at', 'id'])
    .execute()

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('consumed_at', 'bigint')
    .execute()
  await db.schema.createIndex('invitations_user').on('invitations').column('user_id').execute()

  await db.schema
    .createTable('sso_profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('idp_entity_id', 'text')
    .addColumn('idp_sso_url', 'text')
    .addColumn('idp_metadata_url', 'text')
    .addColumn('idp_metadata_xml', 'text')
    .addColumn('idp_metadata_fetched_at', 'bigint')
    .addColumn('sign_requests', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('signature_policy', 'text', (c) => c.notNull().defaultTo('assertion'))
    .addColumn('clock_skew_seconds', 'integer', (c) => c.notNull().defaultTo(120))
    .addColumn('attribute_mapping', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('last_test_at', 'bigint')
    .addColumn('last_test_passed_at', 'bigint')
    .addColumn('last_test_result', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('sso_profiles_status_check', sql`status in ('active', 'disabled')`)
    .execute()
  await db.schema.createIndex('sso_profiles_org').on('sso_profiles').column('org_id').execute()

  await db.schema
    .createTable('sso_profile_certificates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('sso_profile_id', 'text', (c) =>
      c.notNull().references('sso_profiles.id').onDelete('cascade'),
    )
    .addColumn('pem', 'text', (c) => c.notNull())
    .addColumn('sha256_fingerprint', 'text', (c) => c.notNull())
    .addColumn('not_before', 'bigint', (c) => c.notNull())
    .addColumn('not_after', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('sso_profile_certificates_unique', [
      'sso_profile_id',
      'sha256_fingerprint',
    ])
    .execute()

  await db.schema
    .createTable('domains')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('verification_token', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'bigint')
    .addColumn('last_checked_at', 'bigint')
    .addColumn('uncertain_since', 'bigint')
    .addColumn('sso_profile_id', 'text', (c) =>
      c.references('sso_profiles.id').onDelete('set null'),
    )
    .addColumn('enforced_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint(
      'domains_status_check',
      sql`status in ('unverified', 'verified', 'verified-uncertain')`,
    )
    .execute()
  await db.schema
    .createIndex(UNIQUE.domainsOrgName.name)
    .on('domains')
    .columns(['org_id', 'name'])
    .unique()
    .execute()
  // SPEC §2: a domain is verified by at most one organization.
  await db.schema
    .createIndex(UNIQUE.domainsVerifiedName.name)
    .on('domains')
    .column('name')
    .unique()
    .where(sql.ref('status'), '<>', 'unverified')
    .execute()

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('auth_method', 'text', (c) => c.notNull())
    .addColumn('sso_profile_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('idle_expires_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute()
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()

  await db.schema
    .createTable('oidc_clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('redirect_uris', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('disabled_at', 'bigint')
    .execute()

  await db.schema
    .createTable('admin_api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('admin_api_tokens_org')
    .on('admin_api_tokens')
    .column('org_id')
    .execute()

  // No foreign key to organizations: the audit trail outlives what it describes.
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text')
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reason_code', 'text')
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addCheckConstraint('audit_events_outcome_check', sql`outcome in ('success', 'failure')`)
    .execute()
  await db.schema
    .createIndex('audit_events_org_time')
    .on('audit_events')
    .columns(['org_id', 'occurred_at', 'id'])
    .execute()
}
