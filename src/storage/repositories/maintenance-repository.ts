/** SQL for the periodic clean-up; each statement is bounded by an expiry column. */
import type { MaintenanceRepository, SweepResult } from '../../jobs/maintenance-repository.ts'
import type { Executor } from '../database.ts'

export class SQLMaintenanceRepository implements MaintenanceRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async sweepExpired(now: number, keepEndedMs: number): Promise<SweepResult> {
    const before = now - keepEndedMs
    const count = (result: { numDeletedRows: bigint }) => Number(result.numDeletedRows)
    const db = this.#db
    return {
      login_transactions: count(
        await db
          .deleteFrom('login_transactions')
          .where('expires_at', '<', now)
          .executeTakeFirstOrThrow(),
      ),
      auth_codes: count(
        await db.deleteFrom('auth_codes').where('expires_at', '<', now).executeTakeFirstOrThrow(),
      ),
      access_tokens: count(
        await db
          .deleteFrom('access_tokens')
          .where('expires_at', '<', now)
          .executeTakeFirstOrThrow(),
      ),
      saml_requests: count(
        await db
          .deleteFrom('saml_requests')
          .where('expires_at', '<', now)
          .executeTakeFirstOrThrow(),
      ),
      saml_test_tickets: count(
        await db
          .deleteFrom('saml_test_tickets')
          .where('expires_at', '<', now)
          .executeTakeFirstOrThrow(),
      ),
      saml_replay: count(
        await db.deleteFrom('saml_replay').where('expires_at', '<', now).executeTakeFirstOrThrow(),
      ),
      sessions: count(
        await db
          .deleteFrom('sessions')
          .where((eb) =>
            eb.or([
              eb('expires_at', '<', before),
              eb('idle_expires_at', '<', before),
              eb('revoked_at', '<', before),
            ]),
          )
          .executeTakeFirstOrThrow(),
      ),
      rate_limits: count(
        await db
          .deleteFrom('rate_limits')
          .where('updated_at', '<', before)
          .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
          .executeTakeFirstOrThrow(),
      ),
    }
  }
}
