/** Changes to a user's standing that reach into their sessions and tokens (SPEC §3.11). */
import type { Actor } from '../audit/audit-event.ts'
import { auditEvent } from '../audit/audit-log.ts'
import type { AuditRepository } from '../audit/audit-repository.ts'
import type { SessionRepository } from '../auth/session-repository.ts'
import { AppError } from '../errors/app-error.ts'
import type { AccessTokenRepository } from '../oidc/access-token-repository.ts'
import type { AuthCodeRepository } from '../oidc/auth-code-repository.ts'
import type { Clock } from '../platform/clock.ts'
import { toPage, type Page } from '../platform/page.ts'
import type { Store } from '../platform/store.ts'
import { newId } from '../platform/random.ts'
import { canonicalizeEmail } from './email.ts'
import {
  invitationEmail,
  invitationURL,
  issueInvitation,
  type EmailDelivery,
} from './invitation.ts'
import type { MailSender } from '../platform/mail.ts'
import type { OrganizationRepository } from '../orgs/organization-repository.ts'
import { assertDomainAdmits } from '../domains/domain.ts'
import type { DomainRepository } from '../domains/domain-repository.ts'
import type { InvitationRepository } from './invitation-repository.ts'
import {
  newInvitedUser,
  type Role,
  type SSOOverride,
  type User,
  type UserListQuery,
} from './user.ts'
import type { UserRepository, UserUpdate } from './user-repository.ts'

export interface UserServiceDeps {
  readonly store: Store<{
    orgs: OrganizationRepository
    invitations: InvitationRepository
    users: UserRepository
    domains: DomainRepository
    sessions: SessionRepository
    authCodes: AuthCodeRepository
    accessTokens: AccessTokenRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
  readonly publicUrl: string
  readonly inviteTtlMs: number
  readonly mailer: MailSender
}

export interface InviteUserInput {
  readonly email: string
  readonly role: Exclude<Role, 'owner'>
  readonly givenName?: string | null
  readonly familyName?: string | null
  readonly displayName?: string | null
}

export interface UpdateUserInput {
  readonly givenName?: string | null
  readonly familyName?: string | null
  readonly displayName?: string | null
  readonly role?: Exclude<Role, 'owner'>
}

export interface SetSSOInput {
  readonly mode: SSOOverride
  readonly confirm?: unknown
}

export class UserService {
  readonly #deps: UserServiceDeps

  constructor(deps: UserServiceDeps) {
    this.#deps = deps
  }

  async findUserByEmail(orgId: string, email: unknown): Promise<User> {
    const { canonical } = canonicalizeEmail(email)
    const user = await this.#deps.store.read.users.findByEmail(orgId, canonical)
    if (user === undefined) throw new AppError('user.not_found')
    return user
  }

  async getUser(orgId: string, userId: string): Promise<User> {
    const user = await this.#deps.store.read.users.findById(orgId, userId)
    if (user === undefined) throw new AppError('user.not_found')
    return user
  }

  async listUsers(orgId: string, query: UserListQuery): Promise<Page<User>> {
    const rows = await this.#deps.store.read.users.list(orgId, query)
    return toPage(rows, query.limit, (user) => ({ at: user.createdAt, id: user.id }))
  }

  /** Creates an invited user and the invitation link, which is returned to the caller once. */
  async inviteUser(
    orgId: string,
    input: InviteUserInput,
    actor: Actor,
  ): Promise<{ user: User; inviteUrl: string; emailDelivery: EmailDelivery }> {
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
    await store.transaction(async ({ users, domains, invitations, audit }) => {
      assertDomainAdmits(orgId, await domains.findVerifiedByName(email.domain))
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
    const inviteUrl = invitationURL(publicUrl, token)
    return { user, inviteUrl, emailDelivery: await this.#sendInvitation(user, inviteUrl) }
  }

  /** Best effort after the commit: the link is returned to the caller either way. */
  async #sendInvitation(user: User, url: string): Promise<EmailDelivery> {
    const { mailer, store } = this.#deps
    if (mailer.kind === 'none') return 'not_configured'
    const org = await store.read.orgs.findById(user.orgId)
    try {
      await mailer.send(invitationEmail(user.email, org?.name ?? 'your organization', url))
      return 'sent'
    } catch {
      return 'failed'
    }
  }

  /** Changes names and role; the owner's role changes only by transferring ownership. */
  async updateUser(
    orgId: string,
    userId: string,
    input: UpdateUserInput,
    actor: Actor,
  ): Promise<User> {
    const changes: UserUpdate = {
      ...(input.givenName !== undefined && { givenName: input.givenName }),
      ...(input.familyName !== undefined && { familyName: input.familyName }),
      ...(input.displayName !== undefined && { displayName: input.displayName }),
      ...(input.role !== undefined && { role: input.role }),
    }
    return this.#change(orgId, userId, actor, 'user.updated', (user) => {
      if (input.role !== undefined && user.role === 'owner')
        throw new AppError('user.owner_protected')
      return changes
    })
  }

  /**
   * Sets how the user signs in regardless of domain enforcement (SPEC §4): `enabled` = SSO required,
   * `disabled` = password only, `none` = follow the domain. Needs an explicit confirmation.
   */
  async setSSOOverride(
    orgId: string,
    userId: string,
    input: SetSSOInput,
    actor: Actor,
  ): Promise<User> {
    if (input.confirm !== true) throw new AppError('sso.confirmation_required')
    return this.#change(orgId, userId, actor, 'user.sso_override_changed', () => ({
      ssoOverride: input.mode,
    }))
  }

  /**
   * Lets a deactivated user back in: active again if they had a password, invited otherwise. Links
   * issued before the deactivation stay dead: an invited user needs a new invitation (`reissueInvitation`).
   */
  async reactivateUser(orgId: string, userId: string, actor: Actor): Promise<User> {
    return this.#change(
      orgId,
      userId,
      actor,
      'user.reactivated',
      (user) => {
        if (user.status !== 'deactivated') return {}
        return { status: user.passwordHash === null ? 'invited' : 'active' }
      },
      (repos) => repos.invitations.revokePending(orgId, userId),
    )
  }

  /**
   * A new invitation link for a user who has not accepted one yet; every earlier link dies in the same
   * transaction. Returned to the caller once, and emailed when mail is configured.
   */
  async reissueInvitation(
    orgId: string,
    userId: string,
    actor: Actor,
  ): Promise<{ user: User; inviteUrl: string; expiresAt: number; emailDelivery: EmailDelivery }> {
    const { store, clock, publicUrl, inviteTtlMs } = this.#deps
    const { invitation, token } = issueInvitation(clock, inviteTtlMs, orgId, userId)
    const user = await store.transaction(async ({ users, invitations, audit }) => {
      const found = await users.findById(orgId, userId)
      if (found === undefined) throw new AppError('user.not_found')
      if (found.status !== 'invited') throw new AppError('user.not_invited')
      const revoked = await invitations.revokePending(orgId, userId)
      await invitations.insert(invitation)
      await audit.insert(
        auditEvent(clock, {
          orgId,
          type: 'user.invitation_reissued',
          outcome: 'success',
          actor,
          target: { type: 'user', id: userId },
          details: { expiresAt: invitation.expiresAt, revokedInvitations: revoked },
        }),
      )
      return found
    })
    const inviteUrl = invitationURL(publicUrl, token)
    return {
      user,
      inviteUrl,
      expiresAt: invitation.expiresAt,
      emailDelivery: await this.#sendInvitation(user, inviteUrl),
    }
  }

  /**
   * Deactivates the user and, in the same transaction, revokes every session, pending code and access
   * token they hold: access ends at once, not when something expires (SECURITY-CASES SCIM-08).
   */
  async deactivateUser(orgId: string, userId: string, actor: Actor): Promise<User> {
    const { store, clock } = this.#deps
    const now = clock.now()
    return store.transaction(async (repos) => {
      const { users, sessions, authCodes, accessTokens, invitations, audit } = repos
      const user = await users.findById(orgId, userId)
      if (user === undefined) throw new AppError('user.not_found')
      if (user.role === 'owner') throw new AppError('user.owner_protected')
      await users.setStatus(orgId, userId, 'deactivated', now)
      const revoked = {
        sessions: await sessions.revokeAllForUser(orgId, userId, now),
        codes: await authCodes.revokeAllForUser(orgId, userId, now),
        accessTokens: await accessTokens.revokeAllForUser(orgId, userId, now),
        invitations: await invitations.revokePending(orgId, userId),
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
      return { ...user, status: 'deactivated' as const, updatedAt: now }
    })
  }

  /** Deletes the user with everything that hangs off them; never the owner. */
  async deleteUser(orgId: string, userId: string, actor: Actor): Promise<void> {
    const { store, clock } = this.#deps
    await store.transaction(async ({ users, audit }) => {
      const user = await users.findById(orgId, userId)
      if (user === undefined) throw new AppError('user.not_found')
      if (user.role === 'owner') throw new AppError('user.owner_protected')
      await users.delete(orgId, userId)
      await audit.insert(
        auditEvent(clock, {
          orgId,
          type: 'user.deleted',
          outcome: 'success',
          actor,
          target: { type: 'user', id: userId },
          details: { email: user.emailCanonical, role: user.role },
        }),
      )
    })
  }

  /** Makes an active user the owner; the previous owner becomes an admin (SPEC §2: exactly one owner). */
  async transferOwnership(orgId: string, newOwnerId: string, actor: Actor): Promise<User> {
    const { store, clock } = this.#deps
    const now = clock.now()
    return store.transaction(async ({ users, audit }) => {
      const next = await users.findById(orgId, newOwnerId)
      if (next === undefined) throw new AppError('user.not_found')
      if (next.status !== 'active') throw new AppError('user.not_active')
      const current = (
        await users.list(orgId, {
          after: undefined,
          limit: 1,
          search: undefined,
          status: undefined,
          role: 'owner',
        })
      )[0]
      if (current?.id === next.id) return next
      // Demote first: the one-owner-per-organization index holds at every statement.
      if (current !== undefined) await users.update(orgId, current.id, { role: 'admin' }, now)
      await users.update(orgId, next.id, { role: 'owner' }, now)
      await audit.insert(
        auditEvent(clock, {
          orgId,
          type: 'org.ownership_transferred',
          outcome: 'success',
          actor,
          target: { type: 'user', id: next.id },
          details: { previousOwnerId: current?.id ?? null },
        }),
      )
      return { ...next, role: 'owner' as const, updatedAt: now }
    })
  }

  /**
   * Loads the user, asks `decide` what to change, writes it (and `alsoDo`, when it changes anything)
   * with its audit event in one transaction.
   */
  async #change(
    orgId: string,
    userId: string,
    actor: Actor,
    type: string,
    decide: (user: User) => UserUpdate,
    alsoDo?: (repos: { invitations: InvitationRepository }) => Promise<unknown>,
  ): Promise<User> {
    const { store, clock } = this.#deps
    const now = clock.now()
    return store.transaction(async ({ users, invitations, audit }) => {
      const user = await users.findById(orgId, userId)
      if (user === undefined) throw new AppError('user.not_found')
      const changes = decide(user)
      if (Object.keys(changes).length === 0) return user
      await users.update(orgId, userId, changes, now)
      await alsoDo?.({ invitations })
      await audit.insert(
        auditEvent(clock, {
          orgId,
          type,
          outcome: 'success',
          actor,
          target: { type: 'user', id: userId },
          details: { changes, before: pick(user, Object.keys(changes)) },
        }),
      )
      return { ...user, ...changes, updatedAt: now }
    })
  }
}

function pick(user: User, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, user[key as keyof User]]))
}
