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
    const swept: Record<string, number> = {}
    for (const table of SINGLE_USE_TABLES) {
      swept[table] = count(
        await db.deleteFrom(table).where('expires_at', '<', now).executeTakeFirstOrThrow(),
      )
    }
    swept['sessions'] = count(
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
    )
    // Which clients a session gave tokens to: kept while the session is (its logout tokens need it).
    swept['session_clients'] = count(
      await db
        .deleteFrom('session_clients')
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('sessions')
                .select('sessions.sid')
                .whereRef('sessions.sid', '=', 'session_clients.sid'),
            ),
          ),
        )
        .where('created_at', '<', before)
        .executeTakeFirstOrThrow(),
    )
    // A used setup link still says where "back to the console" goes, for a day (issue 23).
    swept['setup_links'] = count(
      await db
        .deleteFrom('setup_links')
        .where('created_at', '<', now - 24 * 3600_000)
        .executeTakeFirstOrThrow(),
    )
    swept['rate_limits'] = count(
      await db
        .deleteFrom('rate_limits')
        .where('updated_at', '<', before)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
        .executeTakeFirstOrThrow(),
    )
    return swept
  }
}

/** Tables whose rows are useless once `expires_at` has passed. */
const SINGLE_USE_TABLES = [
  'login_transactions',
  'auth_codes',
  'access_tokens',
  'saml_requests',
  'saml_test_tickets',
  'saml_replay',
  'password_resets',
  'known_devices',
  'idempotency_keys',
  'webauthn_challenges',
] as const
