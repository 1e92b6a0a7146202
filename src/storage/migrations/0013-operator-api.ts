/**
 * The operator API (issue 23): deployment-wide operator tokens; an organization's external id (the
 * console's own customer id, unique), its plan's features and its status (active or suspended); the
 * idempotency keys of creates; single-use setup links into the Admin Center; and a client's previous
 * secret, still accepted until a deadline after a rotation.
 */
import type { Kysely } from 'kysely'
import { UNIQUE } from '../unique-indexes.ts'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('operator_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by_type', 'text')
    .addColumn('created_by_id', 'text')
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute()

  // Organizations made before plans existed keep every feature they had.
  await db.schema
    .alterTable('organizations')
    .addColumn('features', 'text', (c) => c.notNull().defaultTo('["sso","scim","import"]'))
    .execute()
  await db.schema.alterTable('organizations').addColumn('external_id', 'text').execute()
  await db.schema
    .alterTable('organizations')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .execute()
  await db.schema.alterTable('organizations').addColumn('suspended_at', 'bigint').execute()
  await db.schema
    .createIndex(UNIQUE.orgsExternalId.name)
    .on('organizations')
    .column('external_id')
    .unique()
    .execute()
  // The operator's list pages through organizations newest first.
  await db.schema
    .createIndex('organizations_created')
    .on('organizations')
    .columns(['created_at', 'id'])
    .execute()

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    // No foreign key: the key is claimed before the organization it names is inserted (one transaction);
    // deleting an organization deletes its keys by this column.
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['operation', 'key'])
    .execute()

  await db.schema
    .createTable('setup_links')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('intent', 'text', (c) => c.notNull())
    .addColumn('return_url', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by_id', 'text')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute()

  // How a verified domain was verified: its DNS record (re-checked daily), or the operator's word.
  await db.schema.alterTable('domains').addColumn('verified_by', 'text').execute()

  await db.schema.alterTable('oidc_clients').addColumn('previous_secret_hash', 'text').execute()
  await db.schema
    .alterTable('oidc_clients')
    .addColumn('previous_secret_expires_at', 'bigint')
    .execute()
}
