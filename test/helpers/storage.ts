/** An opened, migrated database and its store for contract suites; dropped after the suite. */
import { loadConfig } from '../../src/config/load.ts'
import type { Database } from '../../src/storage/database.ts'
import { migrateToLatest } from '../../src/storage/migrate.ts'
import { openDatabase } from '../../src/storage/open.ts'
import { createStore, type Repositories } from '../../src/storage/store.ts'
import type { Store } from '../../src/platform/store.ts'
import type { Engine } from '../../src/storage/database.ts'
import { createTestDatabase, type TestDatabase } from './databases.ts'

export interface OpenedTestDatabase {
  readonly testDatabase: TestDatabase
  readonly database: Database
  readonly store: Store<Repositories>
  close(): Promise<void>
}

export async function openTestDatabase(engine: Engine): Promise<OpenedTestDatabase> {
  const testDatabase = await createTestDatabase(engine)
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: testDatabase.url }).config
  const database = await openDatabase(config.database)
  await migrateToLatest(database)
  return {
    testDatabase,
    database,
    store: createStore(database),
    close: async () => {
      await database.close()
      await testDatabase.drop()
    },
  }
}

/** Row counts of every table (but the job runner's leases), to assert that a rejected operation wrote nothing. */
export async function countRows(database: Database): Promise<Record<string, number>> {
  const tables = [
    'organizations',
    'users',
    'invitations',
    'domains',
    'sso_profiles',
    'sso_profile_certificates',
    'sessions',
    'oidc_clients',
    'admin_api_tokens',
    'audit_events',
    'login_transactions',
    'auth_codes',
    'access_tokens',
    'signing_keys',
    'rate_limits',
    // Not job_leases: the job runner writes its own bookkeeping on its schedule, whatever a request does
    // (a fresh-clone run once saw 3 → 8 leases during a request that wrote nothing).
    'saml_requests',
    'saml_replay',
    'saml_test_tickets',
    'mail_outbox',
    'scim_tokens',
    'scim_users',
    'groups',
    'group_members',
    'import_runs',
    'import_rows',
    'import_results',
    'password_resets',
    'known_devices',
    'operator_tokens',
    'idempotency_keys',
    'setup_links',
    'events',
    'webhook_endpoints',
    'webhook_deliveries',
    'session_clients',
    'second_factors',
    'recovery_codes',
    'role_mappings',
  ] as const
  const counts: Record<string, number> = {}
  for (const table of tables) {
    const row = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    counts[table] = Number(row.n)
  }
  return counts
}
