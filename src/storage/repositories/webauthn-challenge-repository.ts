/** SQL for WebAuthn challenges: consumed by one DELETE … RETURNING (STYLE rule 12). */
import type {
  ChallengePurpose,
  WebauthnChallenge,
  WebauthnChallengeRepository,
} from '../../factors/webauthn-challenge.ts'
import type { Executor } from '../database.ts'

export class SQLWebauthnChallengeRepository implements WebauthnChallengeRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async insert(c: WebauthnChallenge): Promise<void> {
    await this.#db
      .insertInto('webauthn_challenges')
      .values({
        challenge: c.challenge,
        purpose: c.purpose,
        org_id: c.orgId,
        user_id: c.userId,
        login_transaction_id: c.loginTransactionId,
        created_at: c.createdAt,
        expires_at: c.expiresAt,
      })
      .execute()
  }

  async consume(
    challenge: string,
    purpose: ChallengePurpose,
    now: number,
  ): Promise<WebauthnChallenge | undefined> {
    const row = await this.#db
      .deleteFrom('webauthn_challenges')
      .where('challenge', '=', challenge)
      .where('purpose', '=', purpose)
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst()
    return (
      row && {
        challenge: row.challenge,
        purpose: row.purpose as ChallengePurpose,
        orgId: row.org_id,
        userId: row.user_id,
        loginTransactionId: row.login_transaction_id,
        createdAt: Number(row.created_at),
        expiresAt: Number(row.expires_at),
      }
    )
  }
}
