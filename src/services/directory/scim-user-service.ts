/**
 * SCIM Users (SPEC §5): the IdP creates, reads, lists, replaces, patches and deletes users of one
 * organization. userName is an email in a domain the organization has verified; an account that already
 * has it elsewhere is never moved (409). `active: false` deactivates and ends the user's sessions, codes,
 * tokens and invitations in the same transaction; the owner cannot be deactivated or deleted. New users
 * get an invitation (SPEC §3.10), mailed through the outbox. Every write is audited with the token as
 * actor.
 */
import { endSessionsOfUser } from '../sign-in/ended-sessions.ts'
import type { EventRepository } from '../../events/event-repository.ts'
import type { KnownDeviceRepository } from '../../sessions/known-device-repository.ts'
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent, userEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import type { SessionRepository } from '../../sessions/session-repository.ts'
import type { DomainRepository } from '../../domains/domain-repository.ts'
import { AppError, isAppError } from '../../errors/app-error.ts'
import { outboxMessage } from '../../mail/outbox.ts'
import type { OutboxRepository } from '../../mail/outbox-repository.ts'
import type { AccessTokenRepository } from '../../oidc/access-token-repository.ts'
import type { AuthCodeRepository } from '../../oidc/auth-code-repository.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'
import type { Clock } from '../../platform/clock.ts'
import type { MailSender } from '../../platform/mail.ts'
import { newId } from '../../platform/random.ts'
import type { Store } from '../../platform/store.ts'
import { invitationURL, issueInvitation } from '../../users/invitation.ts'
import type { InvitationRepository } from '../../users/invitation-repository.ts'
import { deactivate as deactivateUser, revokeTokensMadeBy } from '../sign-in/revoke-access.ts'
import type { BearerTokenRepository } from '../../api-tokens/api-token-repository.ts'
import { isOwnerProtected, newInvitedUser, type User } from '../../users/user.ts'
import type { UserRepository, UserUpdate } from '../../users/user-repository.ts'
import { USER_FILTERS, parseFilter } from '../../scim/scim-filter.ts'
import { listResponse, paging, project, projection } from '../../scim/scim-list.ts'
import { applyPatch, type PatchRules } from '../../scim/scim-patch.ts'
import type { SCIMRepository } from '../../scim/scim-repository.ts'
import { SCHEMA } from '../../scim/scim-schema.ts'
import {
  readUserResource,
  SCIM_ADMISSION,
  userResource,
  type UserInput,
} from '../../scim/scim-user.ts'
import { holderOf, refusalAt } from '../../users/admission.ts'
import { domainOwner } from '../../domains/domain.ts'
import { assertVersion } from '../../scim/scim-version.ts'
import { invitationEmail } from './invitation-mail.ts'

type Repos = {
  events: EventRepository
  orgs: OrganizationRepository
  users: UserRepository
  domains: DomainRepository
  scim: SCIMRepository
  invitations: InvitationRepository
  passwordResets: InvitationRepository
  knownDevices: KnownDeviceRepository
  apiTokens: BearerTokenRepository
  sessions: SessionRepository
  authCodes: AuthCodeRepository
  accessTokens: AccessTokenRepository
  outbox: OutboxRepository
  audit: AuditRepository
}

export interface SCIMUserServiceDeps {
  readonly store: Store<Repos>
  readonly clock: Clock
  readonly publicUrl: string
  /** How long an organization's invitation links work (its settings, bounded by the deployment's). */
  readonly invitationLifetimeMs: (orgId: string) => Promise<number>
  readonly mailer: MailSender
}

/** Who calls: the organization of the SCIM URL and the token that proved it. */
export interface SCIMCaller {
  readonly orgId: string
  readonly actor: Actor
}

export interface ListQuery {
  readonly filter?: string | undefined
  readonly startIndex?: string | undefined
  readonly count?: string | undefined
  readonly attributes?: string | undefined
  readonly excludedAttributes?: string | undefined
}

const USER_PATCH_RULES: PatchRules = {
  readOnly: new Set(['id', 'meta', 'groups', 'schemas']),
  multiValued: new Set(['emails', 'phonenumbers', 'addresses']),
  extensions: [SCHEMA.enterprise],
  core: SCHEMA.user,
}

export class SCIMUserService {
  readonly #deps: SCIMUserServiceDeps

  constructor(deps: SCIMUserServiceDeps) {
    this.#deps = deps
  }

  baseUrl(orgId: string): string {
    return `${this.#deps.publicUrl}/scim/v2/${encodeURIComponent(orgId)}`
  }

  async list(caller: SCIMCaller, query: ListQuery) {
    const filter = parseFilter(query.filter, USER_FILTERS)
    const page = paging(query.startIndex, query.count)
    const shape = projection(query.attributes, query.excludedAttributes)
    const found = await this.#deps.store.read.scim.listUsers(
      caller.orgId,
      filter,
      page.startIndex - 1,
      page.count,
    )
    const resources = await this.#resources(this.#deps.store.read, caller.orgId, found.items)
    return listResponse(
      resources.map((r) => project(r, shape)),
      found.total,
      page.startIndex,
    )
  }

  async get(caller: SCIMCaller, userId: string, query: ListQuery = {}) {
    const { store } = this.#deps
    const user = await store.read.users.findById(caller.orgId, userId)
    if (user === undefined) throw new AppError('scim.not_found')
    const [resource] = await this.#resources(store.read, caller.orgId, [user])
    return project(resource ?? {}, projection(query.attributes, query.excludedAttributes))
  }

  /** POST /Users. */
  async create(caller: SCIMCaller, body: unknown): Promise<Record<string, unknown>> {
    const { store, clock, publicUrl, invitationLifetimeMs } = this.#deps
    const input = readUserResource(body)
    const now = clock.now()
    const ttlMs = await invitationLifetimeMs(caller.orgId)
    const user: User = {
      ...newInvitedUser(newId(), now, {
        orgId: caller.orgId,
        email: input.email,
        emailCanonical: input.emailCanonical,
        role: 'member',
        givenName: input.givenName,
        familyName: input.familyName,
        displayName: input.displayName,
        externalId: input.externalId,
      }),
      status: input.active === false ? 'deactivated' : 'invited',
    }
    return this.#guardUniqueness(caller, input, async () =>
      store.transaction(async (repos) => {
        await this.#assertMayHold(repos, caller, input, undefined)
        await repos.users.insert(user)
        await repos.scim.setUserData(caller.orgId, user.id, input.data)
        if (user.status === 'invited') {
          // SPEC §3.10: a provisioned user sets a password at first login, from an invitation.
          const { invitation, token } = issueInvitation(clock, ttlMs, caller.orgId, user.id)
          await repos.invitations.insert(invitation)
          await this.#mailInvitation(repos, user, invitationURL(publicUrl, token))
        }
        await repos.audit.insert(
          this.#event(caller, 'user.provisioned', user.id, { email: user.emailCanonical }),
        )
        const [resource] = await this.#resources(repos, caller.orgId, [user])
        return resource ?? {}
      }),
    )
  }

  /** PUT /Users/{id}: the resource replaced by what is sent; `active` left out keeps its state. */
  async replace(caller: SCIMCaller, userId: string, body: unknown, ifMatch: string | undefined) {
    return this.#change(caller, userId, ifMatch, () => readUserResource(body))
  }

  /** PATCH /Users/{id}: the operations applied to the current resource, then handled like a PUT. */
  async patch(caller: SCIMCaller, userId: string, body: unknown, ifMatch: string | undefined) {
    return this.#change(caller, userId, ifMatch, (current) => {
      const { meta: _meta, groups: _groups, ...document } = current
      return readUserResource(applyPatch(document, body, USER_PATCH_RULES))
    })
  }

  /** DELETE /Users/{id}: the user and all they hold; never the owner. */
  async delete(caller: SCIMCaller, userId: string, ifMatch: string | undefined): Promise<void> {
    await this.#deps.store.transaction(async (repos) => {
      const user = await this.#lock(repos, caller, userId, ifMatch)
      if (isOwnerProtected(user)) throw new AppError('scim.owner_protected')
      await revokeTokensMadeBy(repos, this.#deps.clock, {
        orgId: caller.orgId,
        userId,
        actor: caller.actor,
        reason: 'maker_deleted',
      })
      await endSessionsOfUser(repos, {
        orgId: caller.orgId,
        userId,
        reason: 'deletion',
        actor: caller.actor,
        at: this.#deps.clock.now(),
      })
      await repos.users.delete(caller.orgId, userId)
      await repos.audit.insert(
        this.#event(caller, 'user.deleted', userId, { email: user.emailCanonical }),
      )
    })
  }

  /** The user, locked for this transaction, as it was before (If-Match checked against that). */
  async #lock(repos: Repos, caller: SCIMCaller, userId: string, ifMatch: string | undefined) {
    const locked = await repos.users.lockForChange(caller.orgId, userId)
    const user = locked ? await repos.users.findById(caller.orgId, userId) : undefined
    if (user === undefined) throw new AppError('scim.not_found')
    assertVersion(user.version - 1, ifMatch)
    return user
  }

  async #change(
    caller: SCIMCaller,
    userId: string,
    ifMatch: string | undefined,
    read: (current: Record<string, unknown>) => UserInput,
  ): Promise<Record<string, unknown>> {
    const { store, clock } = this.#deps
    // Read before the transaction: a reactivated user without a password gets a new invitation.
    const ttlMs = await this.#deps.invitationLifetimeMs(caller.orgId)
    const attempt = async () =>
      store.transaction(async (repos) => {
        const user = await this.#lock(repos, caller, userId, ifMatch)
        const [current] = await this.#resources(repos, caller.orgId, [user])
        const input = read(current ?? {})
        await this.#assertMayHold(repos, caller, input, user)
        const now = clock.now()
        const changes: UserUpdate = {
          ...(input.emailCanonical !== user.emailCanonical && {
            email: input.email,
            emailCanonical: input.emailCanonical,
          }),
          ...(input.email !== user.email && { email: input.email }),
          givenName: input.givenName,
          familyName: input.familyName,
          displayName: input.displayName,
          externalId: input.externalId,
        }
        const deactivate = input.active === false && user.status !== 'deactivated'
        const reactivate = input.active === true && user.status === 'deactivated'
        if (deactivate && isOwnerProtected(user)) throw new AppError('scim.owner_protected')
        await repos.users.update(caller.orgId, userId, changes, now)
        await repos.scim.setUserData(caller.orgId, userId, input.data)
        let revoked: Record<string, number> | undefined
        if (deactivate) {
          revoked = await deactivateUser(repos, clock, {
            orgId: caller.orgId,
            userId,
            actor: caller.actor,
          })
        } else if (reactivate) {
          await this.#reactivate(repos, user, now, ttlMs)
        }
        const type = deactivate
          ? 'user.deactivated'
          : reactivate
            ? 'user.reactivated'
            : 'user.updated'
        await repos.audit.insert(
          this.#event(caller, type, userId, {
            email: input.emailCanonical,
            ...(revoked && { revoked }),
          }),
        )
        const updated = await repos.users.findById(caller.orgId, userId)
        const [resource] = await this.#resources(repos, caller.orgId, updated ? [updated] : [])
        return resource ?? {}
      })
    return this.#guardUniqueness(caller, undefined, attempt)
  }

  /** Back from deactivation: active with a password; invited (with a fresh invitation) without. */
  async #reactivate(repos: Repos, user: User, now: number, ttlMs: number): Promise<void> {
    const { clock, publicUrl } = this.#deps
    if (user.passwordHash !== null) {
      await repos.users.setStatus(user.orgId, user.id, 'active', now)
      return
    }
    await repos.users.setStatus(user.orgId, user.id, 'invited', now)
    const { invitation, token } = issueInvitation(clock, ttlMs, user.orgId, user.id)
    await repos.invitations.insert(invitation)
    await this.#mailInvitation(repos, user, invitationURL(publicUrl, token))
  }

  /**
   * SPEC §2, §5: the userName's domain must be one this organization verified, and no other user may
   * have the address — not even in another organization (that is an account awaiting adoption).
   */
  async #assertMayHold(
    repos: Repos,
    caller: SCIMCaller,
    input: UserInput,
    current: User | undefined,
  ): Promise<void> {
    const domain = domainOwner(caller.orgId, await repos.domains.findVerifiedByName(input.domain))
    // Keeping its own address is not taking one in: the holder is asked only for a new address.
    const holder =
      current?.emailCanonical === input.emailCanonical
        ? undefined
        : await repos.users.findByCanonicalEmail(input.emailCanonical)
    const held = holderOf(caller.orgId, holder)
    const code = refusalAt(SCIM_ADMISSION, domain, held)
    if (code === 'scim.uniqueness') {
      throw new AppError(code, {
        detail: held === 'here' ? 'same organization' : 'another organization',
        details: { elsewhere: held === 'elsewhere' },
      })
    }
    if (code !== null) throw new AppError(code)
  }

  /**
   * Runs a write; a uniqueness conflict is answered with one generic 409 whatever organization holds the
   * address, and audited in this organization after the write rolled back (SECURITY-CASES SCIM-09).
   */
  async #guardUniqueness<T>(
    caller: SCIMCaller,
    input: UserInput | undefined,
    write: () => Promise<T>,
  ): Promise<T> {
    try {
      return await write()
    } catch (error) {
      if (!isAppError(error)) throw error
      const conflict =
        error.code === 'scim.uniqueness' ||
        error.code === 'user.email_taken' ||
        error.code === 'user.external_id_taken'
      if (!conflict) throw error
      await this.#deps.store.read.audit.insert(
        auditEvent(this.#deps.clock, {
          orgId: caller.orgId,
          type: 'scim.uniqueness_conflict',
          outcome: 'failure',
          reasonCode: 'scim.uniqueness',
          actor: caller.actor,
          target: null,
          details: {
            email: input?.emailCanonical ?? null,
            elsewhere: error.details?.['elsewhere'] === true,
          },
        }),
      )
      throw new AppError('scim.uniqueness', { cause: error })
    }
  }

  async #mailInvitation(repos: Repos, user: User, url: string): Promise<void> {
    if (this.#deps.mailer.kind === 'none') return
    const org = await repos.orgs.findById(user.orgId)
    await repos.outbox.enqueue(
      outboxMessage(this.#deps.clock, user.orgId, invitationEmail(user, org, url)),
    )
  }

  async #resources(
    repos: Pick<Repos, 'scim'>,
    orgId: string,
    users: readonly User[],
  ): Promise<Record<string, unknown>[]> {
    const ids = users.map((u) => u.id)
    const data = await repos.scim.userData(orgId, ids)
    const groups = await repos.scim.groupsOf(orgId, ids)
    const base = this.baseUrl(orgId)
    return users.map((u) => userResource(u, data.get(u.id) ?? {}, groups.get(u.id) ?? [], base))
  }

  #event(caller: SCIMCaller, type: string, userId: string, details: Record<string, unknown>) {
    return userEvent(this.#deps.clock, {
      orgId: caller.orgId,
      type,
      actor: caller.actor,
      userId,
      details: { ...details, via: 'scim' },
    })
  }
}
