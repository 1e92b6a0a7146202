/**
 * Token management: who made each Admin API token and SCIM token (an operator, an admin, another token),
 * shown when they are listed.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['admin_api_tokens', 'scim_tokens']) {
    await db.schema.alterTable(table).addColumn('created_by_type', 'text').execute()
    await db.schema.alterTable(table).addColumn('created_by_id', 'text').execute()
  }
}
