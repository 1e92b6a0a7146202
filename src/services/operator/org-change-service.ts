/**
 * What the operator changes in an organization after creating it (issue 23): its name, external id and
 * plan; suspension and its end; deletion after suspension, with every row of the organization in one
 * transaction. Every change is audited; none leaves users locked out silently: turning `sso` off while a
 * domain is enforced needs `liftEnforcement`, and then whoever has no password gets a way to set one.
 */
import type { EventRepository } from '../../events/event-repository.ts'
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import type { DomainRepository } from '../../domains/domain-repository.ts'
import { AppError } from '../../errors/app-error.ts'
import { renderedLater } from '../../mail/outbox.ts'
import type { OutboxRepository } from '../../mail/outbox-repository.ts'
import type { AccessTokenRepository } from '../../oidc/access-token-repository.ts'
import type { AuthCodeRepository } from '../../oidc/auth-code-repository.ts'
import {
  hasFeature,
  validateExternalId,
  validateFeatures,
  validateOrganizationName,
  type Organization,
  type OrgStatus,
} from '../../orgs/organization.ts'
import type {
  OrganizationChange,
  OrganizationRepository,
} from '../../orgs/organization-repository.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Store } from '../../platform/store.ts'
import type { SessionRepository } from '../../sessions/session-repository.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import { enforcementChangedEvent } from '../sign-in/access-guard.ts'
import { recordEndedSessions } from '../sign-in/ended-sessions.ts'

export interface OrgChangeRepositories {
  readonly events: EventRepository
  readonly orgs: OrganizationRepository
  readonly domains: DomainRepository
  readonly users: UserRepository
  readonly sessions: SessionRepository
  readonly authCodes: AuthCodeRepository
  readonly accessTokens: AccessTokenRepository
  readonly outbox: OutboxRepository
  readonly audit: AuditRepository
}

export interface OrgChangeServiceDeps {
  readonly store: Store<OrgChangeRepositories>
  readonly clock: Clock
}

export interface OrganizationPatch {
  readonly name?: unknown
  /** A new external id, or null to clear it. */
  readonly externalId?: unknown
  readonly features?: unknown
  /** Turning `sso` off while domains are enforced: lift their enforcement (else 409). */
  readonly liftEnforcement?: boolean
}

export class OrgChangeService {
  readonly #deps: OrgChangeServiceDeps

  constructor(deps: OrgChangeServiceDeps) {
    this.#deps = deps
  }

  async update(orgId: string, patch: OrganizationPatch, actor: Actor): Promise<Organization> {
    const { store, clock } = this.#deps
    const change: OrganizationChange = {
      ...(patch.name === undefined ? {} : { name: validateOrganizationName(patch.name) }),
      ...(patch.externalId === undefined
        ? {}
        : { externalId: validateExternalId(patch.externalId) }),
      ...(patch.features === undefined ? {} : { features: validateFeatures(patch.features) }),
    }
    return store.transaction(async (repos) => {
      const before = await lockedOrg(repos, orgId)
      const now = clock.now()
      const changes = changedFields(before, change)
      if (Object.keys(changes).length === 0) return before
      const ssoOff = hasFeature(before, 'sso') && !change.features?.includes('sso')
      if (change.features !== undefined && ssoOff) {
        await turnSSOOff(repos, { clock, actor, orgId }, patch.liftEnforcement === true)
      }
      await repos.orgs.update(orgId, change, now)
      await repos.audit.insert(
        auditEvent(clock, {
          orgId,
          type: 'org.updated',
          outcome: 'success',
          actor,
          target: { type: 'organization', id: orgId },
          details: { changes },
        }),
      )
      return { ...before, ...change, updatedAt: now }
    })
  }

  /**
   * Suspends the organization: nobody of it signs in (a clear page), its SCIM and Admin API answer 403,
   * and every live session, code and access token ends now. Nothing is deleted; `resume` undoes it.
   */
  async suspend(orgId: string, actor: Actor): Promise<Organization> {
    return this.#setStatus(orgId, 'suspended', actor)
  }

  async resume(orgId: string, actor: Actor): Promise<Organization> {
    return this.#setStatus(orgId, 'active', actor)
  }

  /**
   * Deletes a suspended organization and every row that belongs to it, in one transaction; audited as
   * a deployment event (the organization's own log goes with it), with how many rows each table lost.
   */
  async delete(orgId: string, actor: Actor): Promise<Readonly<Record<string, number>>> {
    const { store, clock } = this.#deps
    return store.transaction(async (repos) => {
      const org = await lockedOrg(repos, orgId)
      if (org.status !== 'suspended') throw new AppError('org.not_suspended')
      const rows = await repos.orgs.deleteWithEverything(orgId)
      await repos.audit.insert(
        auditEvent(clock, {
          orgId: null,
          type: 'org.deleted',
          outcome: 'success',
          actor,
          target: { type: 'organization', id: orgId },
          details: { name: org.name, externalId: org.externalId, rows },
        }),
      )
      return rows
    })
  }

  async #setStatus(orgId: string, status: OrgStatus, actor: Actor): Promise<Organization> {
    const { store, clock } = this.#deps
    return store.transaction(async (repos) => {
      const before = await lockedOrg(repos, orgId)
      if (before.status === status) return before
      const now = clock.now()
      await repos.orgs.setStatus(orgId, status, now)
      let ended = 0
      if (status === 'suspended') {
        ended = await recordEndedSessions(repos.events, {
          orgId,
          sessions: await repos.sessions.revokeAllForOrg(orgId, now),
          reason: 'suspension',
          actor,
          at: now,
        })
        await repos.authCodes.revokeAllForOrg(orgId, now)
        await repos.accessTokens.revokeAllForOrg(orgId, now)
      }
      await repos.audit.insert(
        auditEvent(clock, {
          orgId,
          type: status === 'suspended' ? 'org.suspended' : 'org.resumed',
          outcome: 'success',
          actor,
          target: { type: 'organization', id: orgId },
          details: status === 'suspended' ? { endedSessions: ended } : {},
        }),
      )
      return { ...before, status, suspendedAt: status === 'suspended' ? now : null, updatedAt: now }
    })
  }
}

/** The organization, its row taken for the rest of the transaction; `org.not_found` otherwise. */
async function lockedOrg(repos: OrgChangeRepositories, orgId: string): Promise<Organization> {
  if (!(await repos.orgs.lockForChange(orgId))) throw new AppError('org.not_found')
  const org = await repos.orgs.findById(orgId)
  if (org === undefined) throw new AppError('org.not_found')
  return org
}

/** The fields that `change` really changes, as `{ field: { from, to } }` for the audit event. */
function changedFields(before: Organization, change: OrganizationChange) {
  const changes: Record<string, { from: unknown; to: unknown }> = {}
  for (const field of ['name', 'externalId', 'features'] as const) {
    const to = change[field]
    if (to === undefined) continue
    if (JSON.stringify(before[field]) !== JSON.stringify(to)) {
      changes[field] = { from: before[field], to }
    }
  }
  return changes
}

/**
 * Before the plan loses `sso`: refused while a domain is enforced unless `lift` (then enforcement is
 * lifted, audited); either way every user with no password who is not deactivated is sent a way to
 * set one (an invitation for the invited, a password-reset link for the active), through the outbox.
 */
async function turnSSOOff(
  repos: OrgChangeRepositories,
  context: { readonly clock: Clock; readonly actor: Actor; readonly orgId: string },
  lift: boolean,
): Promise<void> {
  const { clock, actor, orgId } = context
  const enforced = (await repos.domains.listForOrg(orgId)).filter((d) => d.enforcedAt !== null)
  if (enforced.length > 0 && !lift) {
    throw new AppError('org.enforcement_active', {
      details: { enforcedDomains: enforced.map((d) => d.name) },
    })
  }
  const now = clock.now()
  for (const domain of enforced) {
    await repos.domains.update(orgId, domain.id, { enforcedAt: null }, now)
  }
  const passwordless = await repos.users.listWithoutPassword(orgId)
  await repos.outbox.enqueueMany(
    passwordless.map((user) =>
      user.status === 'invited'
        ? renderedLater(clock, orgId, 'invitation', user.id, user.email)
        : renderedLater(clock, null, 'password_reset', user.emailCanonical, user.email),
    ),
  )
  if (enforced.length > 0) {
    await repos.audit.insert(
      enforcementChangedEvent(clock, orgId, actor, {
        enforced: [],
        added: [],
        removed: enforced.map((d) => d.name),
        reason: 'sso_feature_removed',
        passwordFallbackSent: passwordless.length,
      }),
    )
  }
}
