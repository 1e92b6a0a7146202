/** Changes to a user's standing that reach into their sessions and tokens (SPEC §3.11). */
import { endSessionsOfUser } from '../sign-in/ended-sessions.ts'
import type { EventRepository } from '../../events/event-repository.ts'
import type { KnownDeviceRepository } from '../../sessions/known-device-repository.ts'
import type { Actor } from '../../audit/audit-event.ts'
import { userEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import type { SessionRepository } from '../../sessions/session-repository.ts'
import type { Session } from '../../sessions/session.ts'
import { AppError } from '../../errors/app-error.ts'
import type { AccessTokenRepository } from '../../oidc/access-token-repository.ts'
import type { AuthCodeRepository } from '../../oidc/auth-code-repository.ts'
import type { Clock } from '../../platform/clock.ts'
import { toPage, type Page } from '../../platform/page.ts'
import type { Store } from '../../platform/store.ts'
import { canonicalizeEmail } from '../../users/email.ts'
import { deactivate, revokeAccess, revokeTokensMadeBy } from '../sign-in/revoke-access.ts'
import { renderedLater } from '../../mail/outbox.ts'
import type { OutboxRepository } from '../../mail/outbox-repository.ts'
import type { MailSender } from '../../platform/mail.ts'
import type { BearerTokenRepository } from '../../api-tokens/api-token-repository.ts'
import { guardAccess, type AccessOptions } from '../sign-in/access-guard.ts'
import type { SSOProfileRepository } from '../../sso-profiles/sso-profile-repository.ts'
import type { DomainRepository } from '../../domains/domain-repository.ts'
import type { InvitationRepository } from '../../users/invitation-repository.ts'
import {
  isOwnerProtected,
  readUserName,
  type Role,
  type SSOOverride,
  type User,
  type UserListQuery,
} from '../../users/user.ts'
import type { UserRepository, UserUpdate } from '../../users/user-repository.ts'

export interface UserServiceDeps {
  readonly store: Store<{
    invitations: InvitationRepository
    passwordResets: InvitationRepository
    knownDevices: KnownDeviceRepository
    apiTokens: BearerTokenRepository
    users: UserRepository
    domains: DomainRepository
    ssoProfiles: SSOProfileRepository
    sessions: SessionRepository
    events: EventRepository
    authCodes: AuthCodeRepository
    accessTokens: AccessTokenRepository
    outbox: OutboxRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
  /** Whether mail can go out (a forced reset is refused without it). */
  readonly mailer?: MailSender
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
  /** Accept that no owner or admin would keep a password way in (SPEC §4 lock-out warning). */
  readonly acknowledgeLockoutRisk?: boolean
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

  /** A user's sessions that have not ended, newest use first (what an admin sees of them). */
  async listSessions(orgId: string, userId: string): Promise<Session[]> {
    const { store, clock } = this.#deps
    if ((await store.read.users.findById(orgId, userId)) === undefined) {
      throw new AppError('user.not_found')
    }
    return store.read.sessions.listLiveForUser(orgId, userId, clock.now())
  }

  /**
   * "Sign out everywhere": every session of the user ends now (each console told by back-channel logout
   * and `session.revoked`, reason `signed_out_by_admin`); audited. Returns how many ended.
   */
  async signOutEverywhere(orgId: string, userId: string, actor: Actor): Promise<number> {
    const { store, clock } = this.#deps
    return store.transaction(async (repos) => {
      if ((await repos.users.findById(orgId, userId)) === undefined) {
        throw new AppError('user.not_found')
      }
      const now = clock.now()
      const ended = await endSessionsOfUser(repos, {
        orgId,
        userId,
        reason: 'signed_out_by_admin',
        actor,
        at: now,
      })
      await repos.audit.insert(
        userEvent(clock, {
          orgId,
          type: 'user.signed_out_everywhere',
          actor,
          userId,
          details: { endedSessions: ended },
        }),
      )
      return ended
    })
  }

  /**
   * An admin's forced reset (issue 27): the user's password stops working at once, everything they hold
   * ends (sessions, codes, tokens, links; consoles told), and a reset link is mailed — so only the
   * person, by their mailbox, chooses the next password. Under the access guard like every change that
   * can take a way in away (a lock-out risk is refused unless acknowledged). Never for the owner
   * (`user.owner_protected`), a user without a password (`user.no_password`), or where no mail can go
   * (`user.mail_unavailable`, nothing changed). Audited.
   */
  async forcePasswordReset(
    orgId: string,
    userId: string,
    actor: Actor,
    options: AccessOptions = {},
  ): Promise<{ endedSessions: number }> {
    const { store, clock } = this.#deps
    if ((this.#deps.mailer?.kind ?? 'none') === 'none') {
      throw new AppError('user.mail_unavailable')
    }
    return store.transaction(async (repos) => {
      const user = await repos.users.findById(orgId, userId)
      if (user === undefined) throw new AppError('user.not_found')
      if (isOwnerProtected(user)) throw new AppError('user.owner_protected')
      if (user.status !== 'active') throw new AppError('user.not_active')
      if (user.passwordHash === null) throw new AppError('user.no_password')
      const now = clock.now()
      const ended = await guardAccess(repos, { orgId, clock, actor }, options, async () => {
        await repos.users.clearPassword(orgId, userId, now)
        return revokeAccess(repos, orgId, userId, now, { reason: 'password_reset', actor })
      })
      await repos.outbox.enqueue(
        renderedLater(clock, null, 'password_reset_forced', user.emailCanonical, user.email),
      )
      await repos.audit.insert(
        userEvent(clock, {
          orgId,
          type: 'user.password_reset_forced',
          actor,
          userId,
          details: { endedSessions: ended.sessions },
        }),
      )
      return { endedSessions: ended.sessions }
    })
  }

  /** How many users match the filters of a list, across its pages. */
  async countUsers(orgId: string, query: Omit<UserListQuery, 'after' | 'limit'>): Promise<number> {
    return this.#deps.store.read.users.count(orgId, query)
  }

  /**
   * Changes names and role; the owner's role changes only by transferring ownership. Demoting the last
   * admin with a password way in is a lock-out risk to acknowledge.
   */
  async updateUser(
    orgId: string,
    userId: string,
    input: UpdateUserInput,
    actor: Actor,
    options: AccessOptions = {},
  ): Promise<User> {
    const changes: UserUpdate = {
      ...(input.givenName !== undefined && {
        givenName: readUserName('givenName', input.givenName),
      }),
      ...(input.familyName !== undefined && {
        familyName: readUserName('familyName', input.familyName),
      }),
      ...(input.displayName !== undefined && {
        displayName: readUserName('displayName', input.displayName),
      }),
      ...(input.role !== undefined && { role: input.role }),
    }
    return this.#change(
      orgId,
      userId,
      actor,
      'user.updated',
      options,
      (user) => {
        if (input.role !== undefined && isOwnerProtected(user))
          throw new AppError('user.owner_protected')
        // One source of truth (issue 28): while the role mapping gives this role, the IdP decides it.
        if (input.role !== undefined && input.role !== user.role && user.roleFrom !== null)
          throw new AppError('user.role_from_idp')
        return changes
      },
      // A member has no Admin API rights: the tokens they made as an admin end with the demotion.
      async (repos, user) => {
        if (changes.role === 'member' && user.role !== 'member') {
          await revokeTokensMadeBy(repos, this.#deps.clock, {
            orgId,
            userId,
            actor,
            reason: 'maker_demoted',
          })
        }
      },
    )
  }

  /**
   * Sets how the user signs in regardless of domain enforcement (SPEC §4): `enabled` = SSO required,
   * `disabled` = password only, `none` = follow the domain. Needs an explicit confirmation; the same
   * lock-out protection as enforcement applies, and the owner is never sent to SSO without a tested
   * profile for their domain.
   */
  async setSSOOverride(
    orgId: string,
    userId: string,
    input: SetSSOInput,
    actor: Actor,
  ): Promise<User> {
    if (input.confirm !== true) throw new AppError('sso.confirmation_required')
    const options = { acknowledgeLockoutRisk: input.acknowledgeLockoutRisk === true }
    return this.#change(orgId, userId, actor, 'user.sso_override_changed', options, () => ({
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
      {},
      (user) => {
        if (user.status !== 'deactivated') return {}
        return { status: user.passwordHash === null ? 'invited' : 'active' }
      },
      (repos) => repos.invitations.revokePending(orgId, userId),
    )
  }

  /**
   * Deactivates the user and, in the same transaction, revokes every session, pending code and access
   * token they hold: access ends at once, not when something expires (SECURITY-CASES SCIM-08).
   */
  async deactivateUser(
    orgId: string,
    userId: string,
    actor: Actor,
    options: AccessOptions = {},
  ): Promise<User> {
    const { store, clock } = this.#deps
    const now = clock.now()
    return store.transaction(async (repos) => {
      const { users, audit } = repos
      const user = await users.findById(orgId, userId)
      if (user === undefined) throw new AppError('user.not_found')
      if (isOwnerProtected(user)) throw new AppError('user.owner_protected')
      const revoked = await guardAccess(repos, { orgId, clock, actor }, options, () =>
        deactivate(repos, clock, { orgId, userId, actor }),
      )
      await audit.insert(
        userEvent(clock, {
          orgId,
          type: 'user.deactivated',
          actor,
          userId,
          details: { previousStatus: user.status, revoked },
        }),
      )
      return { ...user, status: 'deactivated' as const, updatedAt: now }
    })
  }

  /** Deletes the user with everything that hangs off them; never the owner. */
  async deleteUser(
    orgId: string,
    userId: string,
    actor: Actor,
    options: AccessOptions = {},
  ): Promise<void> {
    const { store, clock } = this.#deps
    await store.transaction(async (repos) => {
      const { users, audit } = repos
      const user = await users.findById(orgId, userId)
      if (user === undefined) throw new AppError('user.not_found')
      if (isOwnerProtected(user)) throw new AppError('user.owner_protected')
      await guardAccess(repos, { orgId, clock, actor }, options, async () => {
        await revokeTokensMadeBy(repos, clock, { orgId, userId, actor, reason: 'maker_deleted' })
        const at = clock.now()
        await endSessionsOfUser(repos, { orgId, userId, reason: 'deletion', actor, at })
        return users.delete(orgId, userId)
      })
      await audit.insert(
        userEvent(clock, {
          orgId,
          type: 'user.deleted',
          actor,
          userId,
          details: { email: user.emailCanonical, role: user.role },
        }),
      )
    })
  }

  /**
   * Makes an active user the owner; the previous owner becomes an admin (SPEC §2: exactly one owner).
   * The new owner must keep a way in (`user.owner_lockout` otherwise).
   */
  async transferOwnership(
    orgId: string,
    newOwnerId: string,
    actor: Actor,
    options: AccessOptions = {},
  ): Promise<User> {
    const { store, clock } = this.#deps
    const now = clock.now()
    return store.transaction(async (repos) => {
      const { users, audit } = repos
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
      await guardAccess(repos, { orgId, clock, actor }, options, async () => {
        // Demote first: the one-owner-per-organization index holds at every statement.
        // Ownership is transferred, never mapped: neither role is the role mapping's any more.
        if (current !== undefined)
          await users.update(orgId, current.id, { role: 'admin', roleFrom: null }, now)
        await users.update(orgId, next.id, { role: 'owner', roleFrom: null }, now)
      })
      await audit.insert(
        userEvent(clock, {
          orgId,
          type: 'org.ownership_transferred',
          actor,
          userId: next.id,
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
    options: AccessOptions,
    decide: (user: User) => UserUpdate,
    alsoDo?: (
      repos: {
        invitations: InvitationRepository
        apiTokens: BearerTokenRepository
        audit: AuditRepository
      },
      user: User,
    ) => Promise<unknown>,
  ): Promise<User> {
    const { store, clock } = this.#deps
    const now = clock.now()
    return store.transaction(async (repos) => {
      const { users, audit } = repos
      const user = await users.findById(orgId, userId)
      if (user === undefined) throw new AppError('user.not_found')
      const changes = decide(user)
      if (Object.keys(changes).length === 0) return user
      await guardAccess(repos, { orgId, clock, actor }, options, async () => {
        await users.update(orgId, userId, changes, now)
        await alsoDo?.(repos, user)
      })
      await audit.insert(
        userEvent(clock, {
          orgId,
          type,
          actor,
          userId,
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
