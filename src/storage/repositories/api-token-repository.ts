/** SQL for bearer tokens: Admin API tokens and SCIM tokens share one shape in two tables. */
import type { BearerToken } from '../../api-tokens/api-token.ts'
import type { ActiveToken, BearerTokenRepository } from '../../api-tokens/api-token-repository.ts'
import type { BearerTokensTable, Executor } from '../database.ts'
import { precompiled } from '../precompiled.ts'
import { JOINED_ORGANIZATION, toJoinedOrganization } from './organization-repository.ts'
import { tokenRowFields, touchToken } from './token-rows.ts'

type TokenTable = 'admin_api_tokens' | 'scim_tokens'

/**
 * Every Admin API and SCIM request looks its token up, and needs its organization (plan, suspension):
 * one statement for both, compiled once per engine and table. Revocation still holds at once.
 */
const findActive = (table: 'admin_api_tokens') =>
  precompiled((db: Executor, tokenHash: string) =>
    db
      .selectFrom(`${table} as t`)
      .innerJoin('organizations as o', 'o.id', 't.org_id')
      .selectAll('t')
      .select(JOINED_ORGANIZATION)
      .where('t.token_hash', '=', tokenHash)
      .where('t.revoked_at', 'is', null),
  )
const FIND_ACTIVE = {
  admin_api_tokens: findActive('admin_api_tokens'),
  scim_tokens: findActive('scim_tokens' as 'admin_api_tokens'),
}

export class SQLBearerTokenRepository implements BearerTokenRepository {
  readonly #db: Executor
  // One of two tables with the same columns; typed as one of them so the builder sees one shape.
  readonly #table: 'admin_api_tokens'

  readonly #findActive: (typeof FIND_ACTIVE)[TokenTable]

  constructor(db: Executor, table: TokenTable) {
    this.#db = db
    this.#table = table as 'admin_api_tokens'
    this.#findActive = FIND_ACTIVE[table]
  }

  async insert(t: BearerToken): Promise<void> {
    await this.#db
      .insertInto(this.#table)
      .values({
        id: t.id,
        org_id: t.orgId,
        name: t.name,
        token_hash: t.tokenHash,
        created_at: t.createdAt,
        created_by_type: t.createdBy?.type ?? null,
        created_by_id: t.createdBy?.id ?? null,
        last_used_at: t.lastUsedAt,
        revoked_at: t.revokedAt,
      })
      .execute()
  }

  async listForOrg(orgId: string): Promise<BearerToken[]> {
    const rows = await this.#db
      .selectFrom(this.#table)
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return rows.map(toToken)
  }

  async findById(orgId: string, tokenId: string): Promise<BearerToken | undefined> {
    const row = await this.#db
      .selectFrom(this.#table)
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', tokenId)
      .executeTakeFirst()
    return row && toToken(row)
  }

  async findActiveByHash(tokenHash: string): Promise<ActiveToken | undefined> {
    const [row] = await this.#findActive.rows(this.#db, tokenHash)
    return row && { token: toToken(row), organization: toJoinedOrganization(row) }
  }

  async revoke(orgId: string, tokenId: string, now: number): Promise<boolean> {
    const result = await this.#db
      .updateTable(this.#table)
      .set({ revoked_at: now })
      .where('org_id', '=', orgId)
      .where('id', '=', tokenId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  async revokeMadeBy(orgId: string, userId: string, now: number): Promise<BearerToken[]> {
    const rows = await this.#db
      .selectFrom(this.#table)
      .selectAll()
      .where('org_id', '=', orgId)
      .where('created_by_type', '=', 'user')
      .where('created_by_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute()
    if (rows.length === 0) return []
    await this.#db
      .updateTable(this.#table)
      .set({ revoked_at: now })
      .where('org_id', '=', orgId)
      .where(
        'id',
        'in',
        rows.map((row) => row.id),
      )
      .where('revoked_at', 'is', null)
      .execute()
    return rows.map(toToken)
  }

  touch(tokenId: string, now: number, resolutionMs: number): Promise<void> {
    return touchToken(this.#db, this.#table, tokenId, now, resolutionMs)
  }
}

function toToken(row: BearerTokensTable): BearerToken {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    tokenHash: row.token_hash,
    ...tokenRowFields(row),
  }
}
