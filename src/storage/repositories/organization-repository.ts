/** SQL for organizations, shared by both engines. */
import { sql } from 'kysely'
import { AppError } from '../../errors/app-error.ts'
import type { Feature, Organization, OrgStatus } from '../../orgs/organization.ts'
import type {
  OrganizationChange,
  OrganizationListQuery,
  OrganizationRepository,
} from '../../orgs/organization-repository.ts'
import type { Database, DB, Executor, OrganizationsTable } from '../database.ts'
import { pastKey } from './keyset.ts'
import { escapeLike } from './like.ts'
import { precompiled } from '../precompiled.ts'
import { UNIQUE } from '../unique-indexes.ts'

const FIND_BY_ID = precompiled((db: Executor, orgId: string) =>
  db.selectFrom('organizations').selectAll().where('id', '=', orgId),
)

/**
 * Every table with an `org_id` column, children before parents, so one pass deletes an organization's
 * rows whatever the foreign keys say. A test compares it with the schema: a new table cannot be missed.
 * Not `events`: the event log is the deployment's record of what happened, read by consumers that may
 * not have caught up yet (the deletion is an event too); it goes by EVENT_RETENTION_DAYS.
 */
export const KEPT_AFTER_DELETION = ['events'] as const

export const ORG_TABLES = [
  'setup_links',
  'idempotency_keys',
  'known_devices',
  'group_members',
  'scim_users',
  'groups',
  'import_runs',
  'saml_test_tickets',
  'saml_requests',
  'sso_profile_certificates',
  'domains',
  'sso_profiles',
  'second_factors',
  'recovery_codes',
  'sessions',
  'session_clients',
  'auth_codes',
  'access_tokens',
  'invitations',
  'password_resets',
  'admin_api_tokens',
  'scim_tokens',
  'mail_outbox',
  'audit_events',
  'users',
] as const satisfies readonly (keyof DB)[]

/** Tables whose rows belong to an organization through a parent row (no `org_id` of their own). */
const IMPORT_CHILDREN = ['import_rows', 'import_results'] as const

export class SQLOrganizationRepository implements OrganizationRepository {
  readonly #db: Executor
  readonly #database: Database
  constructor(db: Executor, database: Database) {
    this.#db = db
    this.#database = database
  }

  async insert(org: Organization): Promise<void> {
    await this.#unique(() =>
      this.#db
        .insertInto('organizations')
        .values({
          id: org.id,
          name: org.name,
          settings: JSON.stringify(org.settings),
          external_id: org.externalId,
          features: JSON.stringify(org.features),
          status: org.status,
          suspended_at: org.suspendedAt,
          created_at: org.createdAt,
          updated_at: org.updatedAt,
        })
        .execute(),
    )
  }

  async lockForChange(orgId: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('organizations')
      .set({ updated_at: sql<number>`updated_at` })
      .where('id', '=', orgId)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  async updateSettings(
    orgId: string,
    settings: Readonly<Record<string, unknown>>,
    now: number,
  ): Promise<void> {
    await this.#db
      .updateTable('organizations')
      .set({ settings: JSON.stringify(settings), updated_at: now })
      .where('id', '=', orgId)
      .execute()
  }

  async update(orgId: string, change: OrganizationChange, now: number): Promise<void> {
    await this.#unique(() =>
      this.#db
        .updateTable('organizations')
        .set({
          updated_at: now,
          ...(change.name === undefined ? {} : { name: change.name }),
          ...(change.externalId === undefined ? {} : { external_id: change.externalId }),
          ...(change.features === undefined ? {} : { features: JSON.stringify(change.features) }),
        })
        .where('id', '=', orgId)
        .execute(),
    )
  }

  async setStatus(orgId: string, status: OrgStatus, now: number): Promise<void> {
    await this.#db
      .updateTable('organizations')
      .set({ status, suspended_at: status === 'suspended' ? now : null, updated_at: now })
      .where('id', '=', orgId)
      .execute()
  }

  async findById(orgId: string): Promise<Organization | undefined> {
    // Read at every session resolve and sign-in (the organization's settings): compiled once per engine.
    const [row] = await FIND_BY_ID.rows(this.#db, orgId)
    return row && toOrganization(row)
  }

  async findByExternalId(externalId: string): Promise<Organization | undefined> {
    const row = await this.#db
      .selectFrom('organizations')
      .selectAll()
      .where('external_id', '=', externalId)
      .executeTakeFirst()
    return row && toOrganization(row)
  }

  async list(query: OrganizationListQuery): Promise<Organization[]> {
    let q = this.#db.selectFrom('organizations').selectAll()
    if (query.status !== undefined) q = q.where('status', '=', query.status)
    if (query.search !== undefined) {
      const pattern = `%${escapeLike(query.search.toLowerCase())}%`
      const search = query.search
      q = q.where((eb) =>
        eb.or([
          sql<boolean>`lower(name) like ${pattern} escape '\\'`,
          eb('external_id', '=', search),
        ]),
      )
    }
    if (query.before !== undefined) q = q.where(pastKey(query.before, undefined, true))
    const rows = await q
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit + 1)
      .execute()
    return rows.map(toOrganization)
  }

  async deleteWithEverything(orgId: string): Promise<Readonly<Record<string, number>>> {
    const counts: Record<string, number> = {}
    const runs = this.#db.selectFrom('import_runs').select('id').where('org_id', '=', orgId)
    for (const table of IMPORT_CHILDREN) {
      const result = await this.#db.deleteFrom(table).where('run_id', 'in', runs).executeTakeFirst()
      counts[table] = Number(result.numDeletedRows)
    }
    for (const table of ORG_TABLES) {
      const result = await this.#db.deleteFrom(table).where('org_id', '=', orgId).executeTakeFirst()
      counts[table] = Number(result.numDeletedRows)
    }
    const result = await this.#db
      .deleteFrom('organizations')
      .where('id', '=', orgId)
      .executeTakeFirst()
    counts['organizations'] = Number(result.numDeletedRows)
    return counts
  }

  async #unique(write: () => Promise<unknown>): Promise<void> {
    try {
      await write()
    } catch (error) {
      if (this.#database.isUniqueViolation(error, UNIQUE.orgsExternalId)) {
        throw new AppError('org.external_id_taken')
      }
      throw error
    }
  }
}

/** Every column of `organizations`. */
const ORGANIZATION_COLUMNS = [
  'id',
  'name',
  'settings',
  'created_at',
  'updated_at',
  'features',
  'external_id',
  'status',
  'suspended_at',
] as const satisfies readonly (keyof OrganizationsTable)[]
type Column = (typeof ORGANIZATION_COLUMNS)[number]
// A column added to the table and not to the list is a type error here.
const everyColumn: Record<Exclude<keyof OrganizationsTable, Column>, never> = {}
void everyColumn

/**
 * For a read that takes an organization along with another row: the organization joined as `o`, each
 * of its columns selected as `organization_<column>` (no clash with the other row's own columns).
 * `toJoinedOrganization` reads it back from the row.
 */
export const JOINED_ORGANIZATION = ORGANIZATION_COLUMNS.map(
  (column) => `o.${column} as organization_${column}` as const,
)

export function toJoinedOrganization(
  row: Readonly<Record<`organization_${Column}`, unknown>>,
): Organization {
  const columns = Object.fromEntries(
    ORGANIZATION_COLUMNS.map((column) => [column, row[`organization_${column}`]]),
  )
  return toOrganization(columns as unknown as OrganizationsTable)
}

function toOrganization(row: OrganizationsTable): Organization {
  return {
    id: row.id,
    name: row.name,
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    externalId: row.external_id,
    features: JSON.parse(row.features) as Feature[],
    status: row.status as OrgStatus,
    suspendedAt: row.suspended_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
