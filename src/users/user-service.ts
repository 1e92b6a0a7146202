/** Changes to a user's standing that reach into their sessions and tokens (SPEC §3.11). */
import type { Actor } from '../audit/audit-event.ts'
import { auditEvent } from '../audit/audit-log.ts'
import type { AuditRepository } from '../audit/audit-repository.ts'
import type { SessionRepository } from '../auth/session-repository.ts'
import { AppError } from '../errors/app-error.ts'
import type { AccessTokenRepository } from '../oidc/access-token-repository.ts'
import type { AuthCodeRepository } from '../oidc/auth-code-repository.ts'
import type { Clock } from '../platform/clock.ts'
import type { Store } from '../platform/store.ts'
import type { UserRepository } from './user-repository.ts'

export interface UserServiceDeps {
  readonly store: Store<{
    users: UserRepository
    sessions: SessionRepository
    authCodes: AuthCodeRepository
    accessTokens: AccessTokenRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
}

export class UserService {
  readonly #deps: UserServiceDeps

  constructor(deps: UserServiceDeps) {
    this.#deps = deps
  }

  /**
   * Deactivates the user and, in the same transaction, revokes every session, pending code and access
   * token they hold: access ends at once, not when something expires (SECURITY-CASES SCIM-08).
   */
  async deactivateUser(orgId: string, userId: string, actor: Actor): Promise<void> {
    const { store, clock } = this.#deps
    const now = clock.now()
    await store.transaction(async ({ users, sessions, authCodes, accessTokens, audit }) => {
      const user = await users.findById(orgId, userId)
      if (user === undefined) throw new AppError('user.not_found')
      await users.setStatus(orgId, userId, 'deactivated', now)
      const revoked = {
        sessions: await sessions.revokeAllForUser(orgId, userId, now),
        codes: await authCodes.revokeAllForUser(orgId, userId, now),
        accessTokens: await accessTokens.revokeAllForUser(orgId, userId, now),
      }
      await audit.insert(
        auditEvent(clock, {
          orgId,
          type: 'user.deactivated',
          outcome: 'success',
          actor,
          target: { type: 'user', id: userId },
          details: { previousStatus: user.status, revoked },
        }),
      )
    })
  }
}
