/** SQL for organizations, shared by both engines. */
import { sql } from 'kysely'
import type { Organization } from '../../orgs/organization.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'
import type { Engine, Executor, OrganizationsTable } from '../database.ts'
import { precompiled } from '../precompiled.ts'

const FIND_BY_ID = precompiled((db: Executor, orgId: string) =>
  db.selectFrom('organizations').selectAll().where('id', '=', orgId),
)

export class SQLOrganizationRepository implements OrganizationRepository {
  readonly #db: Executor
  readonly #engine: Engine
  constructor(db: Executor, engine: Engine) {
    this.#db = db
    this.#engine = engine
  }

  async insert(org: Organization): Promise<void> {
    await this.#db
      .insertInto('organizations')
      .values({
        id: org.id,
        name: org.name,
        settings: JSON.stringify(org.settings),
        created_at: org.createdAt,
        updated_at: org.updatedAt,
      })
      .execute()
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

  async findById(orgId: string): Promise<Organization | undefined> {
    // Read at every session resolve and sign-in (the organization's settings): compiled once per engine.
    const [row] = await FIND_BY_ID.rows(this.#db, this.#engine, orgId)
    return row && toOrganization(row)
  }
}

function toOrganization(row: OrganizationsTable): Organization {
  return {
    id: row.id,
    name: row.name,
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
