/** SQL for operator tokens. */
import type { OperatorScope, OperatorToken } from '../../api-tokens/operator-token.ts'
import type { OperatorTokenRepository } from '../../api-tokens/operator-token-repository.ts'
import type { Executor, OperatorTokensTable } from '../database.ts'
import { precompiled } from '../precompiled.ts'
import { tokenRowFields, touchToken } from './token-rows.ts'

/** Every operator API request looks its token up: compiled once per engine. */
const FIND_ACTIVE = precompiled((db: Executor, tokenHash: string) =>
  db
    .selectFrom('operator_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null),
)

export class SQLOperatorTokenRepository implements OperatorTokenRepository {
  readonly #db: Executor

  constructor(db: Executor) {
    this.#db = db
  }

  async insert(t: OperatorToken): Promise<void> {
    await this.#db
      .insertInto('operator_tokens')
      .values({
        id: t.id,
        name: t.name,
        token_hash: t.tokenHash,
        scopes: JSON.stringify(t.scopes),
        created_at: t.createdAt,
        created_by_type: t.createdBy?.type ?? null,
        created_by_id: t.createdBy?.id ?? null,
        last_used_at: t.lastUsedAt,
        revoked_at: t.revokedAt,
      })
      .execute()
  }

  async list(): Promise<OperatorToken[]> {
    const rows = await this.#db
      .selectFrom('operator_tokens')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return rows.map(toToken)
  }

  async findById(tokenId: string): Promise<OperatorToken | undefined> {
    const row = await this.#db
      .selectFrom('operator_tokens')
      .selectAll()
      .where('id', '=', tokenId)
      .executeTakeFirst()
    return row && toToken(row)
  }

  async findActiveByHash(tokenHash: string): Promise<OperatorToken | undefined> {
    const [row] = await FIND_ACTIVE.rows(this.#db, tokenHash)
    return row && toToken(row)
  }

  async revoke(tokenId: string, now: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('operator_tokens')
      .set({ revoked_at: now })
      .where('id', '=', tokenId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  touch(tokenId: string, now: number, resolutionMs: number): Promise<void> {
    return touchToken(this.#db, 'operator_tokens', tokenId, now, resolutionMs)
  }
}

function toToken(row: OperatorTokensTable): OperatorToken {
  return {
    id: row.id,
    name: row.name,
    tokenHash: row.token_hash,
    scopes: JSON.parse(row.scopes) as OperatorScope[],
    ...tokenRowFields(row),
  }
}
