/** Accepting an invitation: the user sets a password and the account becomes active (SPEC §3.10). */
import { auditEvent } from '../audit/audit-log.ts'
import type { AuditRepository } from '../audit/audit-repository.ts'
import { hashPassword, validateNewPassword } from '../auth/password.ts'
import { userActor, type RequestContext } from '../auth/request-context.ts'
import { AppError } from '../errors/app-error.ts'
import type { Clock } from '../platform/clock.ts'
import { hashSecret } from '../platform/crypto.ts'
import type { Store } from '../platform/store.ts'
import type { InvitationRepository } from './invitation-repository.ts'
import type { User } from './user.ts'
import type { UserRepository } from './user-repository.ts'

export interface InvitationServiceDeps {
  readonly store: Store<{
    invitations: InvitationRepository
    users: UserRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
}

export class InvitationService {
  readonly #deps: InvitationServiceDeps

  constructor(deps: InvitationServiceDeps) {
    this.#deps = deps
  }

  /** The user a usable invitation link is for; throws `invite.invalid` otherwise. */
  async inviteeFor(token: string | undefined): Promise<User> {
    const { store, clock } = this.#deps
    if (token === undefined || token.length > 200) throw new AppError('invite.invalid')
    const invitation = await store.read.invitations.findUsable(hashSecret(token), clock.now())
    const user =
      invitation && (await store.read.users.findById(invitation.orgId, invitation.userId))
    if (user === undefined || user.status === 'deactivated') throw new AppError('invite.invalid')
    return user
  }

  /** Sets the password and activates the account; the invitation is consumed atomically. */
  async accept(
    token: string | undefined,
    password: unknown,
    confirmation: unknown,
    context: RequestContext,
  ): Promise<User> {
    const { store, clock } = this.#deps
    const invitee = await this.inviteeFor(token)
    const valid = validateNewPassword(password, invitee.email)
    if (valid !== confirmation) throw new AppError('password.mismatch')
    const passwordHash = await hashPassword(valid)
    const now = clock.now()
    await store.transaction(async ({ invitations, users, audit }) => {
      const invitation = await invitations.consume(hashSecret(token ?? ''), now)
      if (invitation === undefined || invitation.userId !== invitee.id)
        throw new AppError('invite.invalid')
      const user = await users.findById(invitation.orgId, invitation.userId)
      if (user === undefined || user.status === 'deactivated') throw new AppError('invite.invalid')
      await users.setPassword(user.orgId, user.id, passwordHash, now)
      await audit.insert(
        auditEvent(clock, {
          orgId: user.orgId,
          type: 'user.activated',
          outcome: 'success',
          actor: userActor(user.id, context),
          target: { type: 'user', id: user.id },
          details: { via: 'invitation' },
        }),
      )
    })
    return invitee
  }
}
