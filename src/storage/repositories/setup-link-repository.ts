/** SQL for setup links. */
import type { SetupIntent, SetupLink } from '../../orgs/setup-link.ts'
import type { SetupLinkRepository } from '../../orgs/setup-link-repository.ts'
import type { Executor, SetupLinksTable } from '../database.ts'

export class SQLSetupLinkRepository implements SetupLinkRepository {
  readonly #db: Executor

  constructor(db: Executor) {
    this.#db = db
  }

  async insert(link: SetupLink): Promise<void> {
    await this.#db
      .insertInto('setup_links')
      .values({
        id_hash: link.idHash,
        org_id: link.orgId,
        intent: link.intent,
        return_url: link.returnUrl,
        created_at: link.createdAt,
        created_by_id: link.createdById,
        expires_at: link.expiresAt,
        used_at: link.usedAt,
      })
      .execute()
  }

  async findForOrg(idHash: string, orgId: string): Promise<SetupLink | undefined> {
    const row = await this.#db
      .selectFrom('setup_links')
      .selectAll()
      .where('id_hash', '=', idHash)
      .where('org_id', '=', orgId)
      .executeTakeFirst()
    return row && toLink(row)
  }

  async findUsable(idHash: string, now: number): Promise<SetupLink | undefined> {
    const row = await this.#db
      .selectFrom('setup_links')
      .selectAll()
      .where('id_hash', '=', idHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst()
    return row && toLink(row)
  }

  async consume(idHash: string, orgId: string, now: number): Promise<SetupLink | undefined> {
    const row = await this.#db
      .updateTable('setup_links')
      .set({ used_at: now })
      .where('id_hash', '=', idHash)
      .where('org_id', '=', orgId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst()
    return row && toLink(row)
  }
}

function toLink(row: SetupLinksTable): SetupLink {
  return {
    idHash: row.id_hash,
    orgId: row.org_id,
    intent: row.intent as SetupIntent,
    returnUrl: row.return_url,
    createdAt: row.created_at,
    createdById: row.created_by_id,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
  }
}
