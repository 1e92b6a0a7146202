/** SQL for organizations, shared by both engines. */
import type { Organization } from '../../orgs/organization.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'
import type { Executor, OrganizationsTable } from '../database.ts'

export class SQLOrganizationRepository implements OrganizationRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
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
    const row = await this.#db
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', orgId)
      .executeTakeFirst()
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
