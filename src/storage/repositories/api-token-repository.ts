/** SQL for admin API tokens. */
import type { AdminAPIToken } from '../../api-tokens/api-token.ts'
import type { AdminAPITokenRepository } from '../../api-tokens/api-token-repository.ts'
import type { AdminAPITokensTable, Executor } from '../database.ts'

export class SQLAdminAPITokenRepository implements AdminAPITokenRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async insert(token: AdminAPIToken): Promise<void> {
    await this.#db
      .insertInto('admin_api_tokens')
      .values({
        id: token.id,
        org_id: token.orgId,
        name: token.name,
        token_hash: token.tokenHash,
        created_at: token.createdAt,
        last_used_at: token.lastUsedAt,
        revoked_at: token.revokedAt,
      })
      .execute()
  }

  async findActiveByHash(tokenHash: string): Promise<AdminAPIToken | undefined> {
    const row = await this.#db
      .selectFrom('admin_api_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return row && toToken(row)
  }
}

function toToken(row: AdminAPITokensTable): AdminAPIToken {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }
}
