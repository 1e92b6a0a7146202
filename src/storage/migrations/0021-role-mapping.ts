/**
 * Roles from the IdP's groups (issue 28): one role mapping per organization (off by default, its ordered
 * rules as JSON, replaced whole), and on each user where their role came from — null: set by hand — and
 * the group values of their last SAML sign-in, which the rules read again when they change.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('role_mappings')
    .addColumn('org_id', 'text', (c) =>
      c.primaryKey().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rules', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('role_mappings_enabled_check', sql`enabled in (0, 1)`)
    .execute()
  await db.schema.alterTable('users').addColumn('role_from', 'text').execute()
  await db.schema.alterTable('users').addColumn('idp_groups', 'text').execute()
}
