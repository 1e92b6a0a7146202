/** SQL for SCIM tokens. */
import type { SCIMToken } from '../../scim/scim-token.ts'
import type { SCIMTokenRepository } from '../../scim/scim-token-repository.ts'
import type { Executor, ScimTokensTable } from '../database.ts'

export class SQLSCIMTokenRepository implements SCIMTokenRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async insert(t: SCIMToken): Promise<void> {
    await this.#db
      .insertInto('scim_tokens')
      .values({
        id: t.id,
        org_id: t.orgId,
        name: t.name,
        token_hash: t.tokenHash,
        created_at: t.createdAt,
        last_used_at: t.lastUsedAt,
        revoked_at: t.revokedAt,
      })
      .execute()
  }

  async listForOrg(orgId: string): Promise<SCIMToken[]> {
    const rows = await this.#db
      .selectFrom('scim_tokens')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return rows.map(toToken)
  }

  async findActiveByHash(tokenHash: string): Promise<SCIMToken | undefined> {
    const row = await this.#db
      .selectFrom('scim_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return row && toToken(row)
  }

  async revoke(orgId: string, tokenId: string, now: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('scim_tokens')
      .set({ revoked_at: now })
      .where('org_id', '=', orgId)
      .where('id', '=', tokenId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  async touch(tokenId: string, now: number, resolutionMs: number): Promise<void> {
    await this.#db
      .updateTable('scim_tokens')
      .set({ last_used_at: now })
      .where('id', '=', tokenId)
      .where((eb) =>
        eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', now - resolutionMs)]),
      )
      .execute()
  }
}

function toToken(row: ScimTokensTable): SCIMToken {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    tokenHash: row.token_hash,
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  }
}
