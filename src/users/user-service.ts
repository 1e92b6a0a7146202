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
import { newId } from '../platform/random.ts'
import { canonicalizeEmail } from './email.ts'
import { invitationURL, issueInvitation } from './invitation.ts'
import type { InvitationRepository } from './invitation-repository.ts'
import { newInvitedUser, type Role, type User, type UserListQuery } from './user.ts'
import type { UserRepository } from './user-repository.ts'

export interface UserServiceDeps {
  readonly store: Store<{
    invitations: InvitationRepository
    users: UserRepository
    sessions: SessionRepository
    authCodes: AuthCodeRepository
    accessTokens: AccessTokenRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
  readonly publicUrl: string
  readonly inviteTtlMs: number
}

export interface InviteUserInput {
  readonly email: string
  readonly role: Exclude<Role, 'owner'>
  readonly givenName?: string | null
  readonly familyName?: string | null
  readonly displayName?: string | null
}

export interface UserPage {
  readonly users: readonly User[]
  /** Present when more users follow. */
  readonly next: { createdAt: number; id: string } | undefined
}

export class UserService {
  readonly #deps: UserServiceDeps

  constructor(deps: UserServiceDeps) {
    this.#deps = deps
  }

  async getUser(orgId: string, userId: string): Promise<User> {
    const user = await this.#deps.store.read.users.findById(orgId, userId)
    if (user === undefined) throw new AppError('user.not_found')
    return user
  }

  async listUsers(orgId: string, query: UserListQuery): Promise<UserPage> {
    const rows = await this.#deps.store.read.users.list(orgId, query)
    const users = rows.slice(0, query.limit)
    const last = users[users.length - 1]
    return {
      users,
      next:
        rows.length > query.limit && last ? { createdAt: last.createdAt, id: last.id } : undefined,
    }
  }

  /** Creates an invited user and the invitation link, which is returned to the caller once. */
  async inviteUser(
    orgId: string,
    input: InviteUserInput,
    actor: Actor,
  ): Promise<{ user: User; inviteUrl: string }> {
    const { store, clock, publicUrl, inviteTtlMs } = this.#deps
    const email = canonicalizeEmail(input.email)
    const user = newInvitedUser(newId(), clock.now(), {
      orgId,
      email: email.email,
      emailCanonical: email.canonical,
      role: input.role,
      givenName: input.givenName ?? null,
      familyName: input.familyName ?? null,
      displayName: input.displayName ?? null,
    })
    const { invitation, token } = issueInvitation(clock, inviteTtlMs, orgId, user.id)
    await store.transaction(async ({ users, invitations, audit }) => {
      await users.insert(user)
      await invitations.insert(invitation)
      await audit.insert(
        auditEvent(clock, {
          orgId,
          type: 'user.invited',
          outcome: 'success',
          actor,
          target: { type: 'user', id: user.id },
          details: { role: user.role, expiresAt: invitation.expiresAt },
        }),
      )
    })
    return { user, inviteUrl: invitationURL(publicUrl, token) }
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
