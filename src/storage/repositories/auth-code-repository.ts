/** SQL for authorization codes; consumption is one conditional UPDATE (STYLE rule 12). */
import type { AuthCode } from '../../oidc/auth-code.ts'
import type { AuthCodeRepository } from '../../oidc/auth-code-repository.ts'
import { insertRow } from '../bulk-insert.ts'
import type { AuthCodesTable, Executor } from '../database.ts'
import { precompiled } from '../precompiled.ts'
import { revokeForOrg, revokeForUser } from './revoke-for-user.ts'

// Every sign-in writes a code and every token request consumes one (issue 29: precompiled).
const CONSUME = precompiled((db: Executor, codeHash: string, now: number) =>
  db
    .updateTable('auth_codes')
    .set({ consumed_at: now })
    .where('code_hash', '=', codeHash)
    .where('consumed_at', 'is', null)
    .returningAll(),
)
const FIND = precompiled((db: Executor, codeHash: string) =>
  db.selectFrom('auth_codes').selectAll().where('code_hash', '=', codeHash),
)

export class SQLAuthCodeRepository implements AuthCodeRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async insert(code: AuthCode): Promise<void> {
    await insertRow(this.#db, 'auth_codes', {
      code_hash: code.codeHash,
      org_id: code.orgId,
      user_id: code.userId,
      client_id: code.clientId,
      redirect_uri: code.redirectUri,
      code_challenge: code.codeChallenge,
      session_sid: code.sessionSid,
      nonce: code.nonce,
      scope: code.scope,
      amr: JSON.stringify(code.amr),
      auth_time: code.authTime,
      created_at: code.createdAt,
      expires_at: code.expiresAt,
      consumed_at: code.consumedAt,
      revoked_at: code.revokedAt,
    })
  }

  async consume(codeHash: string, now: number): Promise<AuthCode | undefined> {
    // One statement: the row is consumed and read back together (RETURNING, both engines).
    const [row] = await CONSUME.rows(this.#db, codeHash, now)
    return row && toCode(row)
  }

  async find(codeHash: string): Promise<AuthCode | undefined> {
    const [row] = await FIND.rows(this.#db, codeHash)
    return row && toCode(row)
  }

  async revokeAllForUser(orgId: string, userId: string, now: number): Promise<number> {
    const result = await revokeForUser(this.#db, 'auth_codes', orgId, userId, now)
      .where('consumed_at', 'is', null)
      .executeTakeFirst()
    return Number(result.numUpdatedRows)
  }

  async revokeAllForOrg(orgId: string, now: number): Promise<number> {
    const result = await revokeForOrg(this.#db, 'auth_codes', orgId, now)
      .where('consumed_at', 'is', null)
      .executeTakeFirst()
    return Number(result.numUpdatedRows)
  }
}

function toCode(row: AuthCodesTable): AuthCode {
  return {
    codeHash: row.code_hash,
    orgId: row.org_id,
    userId: row.user_id,
    clientId: row.client_id,
    redirectUri: row.redirect_uri,
    codeChallenge: row.code_challenge,
    sessionSid: row.session_sid,
    nonce: row.nonce,
    scope: row.scope,
    amr: JSON.parse(row.amr) as string[],
    authTime: row.auth_time,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    consumedAt: row.consumed_at,
    revokedAt: row.revoked_at,
  }
}
