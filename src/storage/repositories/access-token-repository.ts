/** SQL for access tokens. */
import type { AccessToken } from '../../oidc/access-token.ts'
import type { AccessTokenRepository } from '../../oidc/access-token-repository.ts'
import { insertRow } from '../bulk-insert.ts'
import type { AccessTokensTable, Executor } from '../database.ts'
import { revokeForOrg, revokeForUser } from './revoke-for-user.ts'

export class SQLAccessTokenRepository implements AccessTokenRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async insert(token: AccessToken): Promise<void> {
    await insertRow(this.#db, 'access_tokens', {
      token_hash: token.tokenHash,
      code_hash: token.codeHash,
      org_id: token.orgId,
      user_id: token.userId,
      client_id: token.clientId,
      session_sid: token.sessionSid,
      scope: token.scope,
      created_at: token.createdAt,
      expires_at: token.expiresAt,
      revoked_at: token.revokedAt,
    })
  }

  async findActive(tokenHash: string, now: number): Promise<AccessToken | undefined> {
    const row = await this.#db
      .selectFrom('access_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst()
    return row && toToken(row)
  }

  async revokeByCode(codeHash: string, now: number): Promise<number> {
    const result = await this.#db
      .updateTable('access_tokens')
      .set({ revoked_at: now })
      .where('code_hash', '=', codeHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return Number(result.numUpdatedRows)
  }

  async revokeBySession(sessionSid: string, now: number): Promise<number> {
    const result = await this.#db
      .updateTable('access_tokens')
      .set({ revoked_at: now })
      .where('session_sid', '=', sessionSid)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return Number(result.numUpdatedRows)
  }

  async revokeAllForUser(orgId: string, userId: string, now: number): Promise<number> {
    const result = await revokeForUser(
      this.#db,
      'access_tokens',
      orgId,
      userId,
      now,
    ).executeTakeFirst()
    return Number(result.numUpdatedRows)
  }

  async revokeAllForOrg(orgId: string, now: number): Promise<number> {
    const result = await revokeForOrg(this.#db, 'access_tokens', orgId, now).executeTakeFirst()
    return Number(result.numUpdatedRows)
  }
}

function toToken(row: AccessTokensTable): AccessToken {
  return {
    tokenHash: row.token_hash,
    codeHash: row.code_hash,
    orgId: row.org_id,
    userId: row.user_id,
    clientId: row.client_id,
    sessionSid: row.session_sid,
    scope: row.scope,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  }
}
