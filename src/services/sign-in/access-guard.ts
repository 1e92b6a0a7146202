/**
 * Keeps the organization's ways in (`access.ts`) true after every change that could break them: the
 * change runs inside the caller's transaction, the facts are read before and after, and anything the
 * change newly broke refuses it — which rolls the whole transaction back — unless the request said how
 * to resolve it (lift the enforcement of domains left without a profile, acknowledge a lock-out risk).
 */
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { AppError } from '../../errors/app-error.ts'
import type { Clock } from '../../platform/clock.ts'
import type { SSOProfileRepository } from '../../sso-profiles/sso-profile-repository.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import type { Role } from '../../users/user.ts'
import { checkAccess, newlyBroken, type AccessCheck } from '../../domains/access.ts'
import type { DomainRepository } from '../../domains/domain-repository.ts'

export interface AccessRepos {
  readonly domains: DomainRepository
  readonly ssoProfiles: SSOProfileRepository
  readonly users: UserRepository
  readonly audit: AuditRepository
}

/** How the request resolves what its change would break. */
export interface AccessOptions {
  /** A lock-out risk (no owner or admin keeps a password way in) is accepted. */
  readonly acknowledgeLockoutRisk?: boolean
  /** Enforced domains the change leaves without a tested profile stop being enforced with it. */
  readonly liftEnforcement?: boolean
}

export async function readAccess(
  repos: AccessRepos,
  orgId: string,
  now: number,
): Promise<AccessCheck> {
  return checkAccess({
    domains: await repos.domains.listForOrg(orgId),
    profiles: await repos.ssoProfiles.listForOrg(orgId),
    privileged: await repos.users.listPrivileged(orgId),
    now,
  })
}

/**
 * The guard's rule decided before writing, for a change that must not be refused with its transaction
 * (a role the mapping would change at a sign-in): whether giving `change.userId` the role `change.role`
 * would newly break a way in. The facts are read once and the change applied to them in memory.
 */
export async function wouldBreakAccess(
  repos: AccessRepos,
  orgId: string,
  now: number,
  change: { readonly userId: string; readonly role: Role },
): Promise<boolean> {
  const domains = await repos.domains.listForOrg(orgId)
  const profiles = await repos.ssoProfiles.listForOrg(orgId)
  const privileged = await repos.users.listPrivileged(orgId)
  const user =
    privileged.find((u) => u.id === change.userId) ??
    (await repos.users.findById(orgId, change.userId))
  const others = privileged.filter((u) => u.id !== change.userId)
  const after =
    user === undefined || change.role === 'member'
      ? others
      : [...others, { ...user, role: change.role }]
  const broken = newlyBroken(
    checkAccess({ domains, profiles, privileged, now }),
    checkAccess({ domains, profiles, privileged: after, now }),
  )
  return (
    broken.lockoutRisk || broken.strandedOwners.length > 0 || broken.unservedEnforced.length > 0
  )
}

/** Runs `change` (inside the caller's transaction) and refuses it if it broke a way in. */
export async function guardAccess<T>(
  repos: AccessRepos,
  context: { readonly orgId: string; readonly clock: Clock; readonly actor: Actor },
  options: AccessOptions,
  change: () => Promise<T>,
): Promise<T> {
  const { orgId } = context
  const before = await readAccess(repos, orgId, context.clock.now())
  const result = await change()
  let broken = newlyBroken(before, await readAccess(repos, orgId, context.clock.now()))
  if (broken.unservedEnforced.length > 0) {
    if (options.liftEnforcement !== true) {
      throw new AppError('enforcement.profile_required', {
        details: { domains: broken.unservedEnforced },
      })
    }
    await liftEnforcement(repos, context, broken.unservedEnforced)
    broken = newlyBroken(before, await readAccess(repos, orgId, context.clock.now()))
  }
  if (broken.strandedOwners.length > 0) {
    throw new AppError('user.owner_lockout', { details: { userIds: broken.strandedOwners } })
  }
  if (broken.lockoutRisk && options.acknowledgeLockoutRisk !== true) {
    throw new AppError('enforcement.lockout_risk')
  }
  return result
}

async function liftEnforcement(
  repos: AccessRepos,
  context: { readonly orgId: string; readonly clock: Clock; readonly actor: Actor },
  names: readonly string[],
): Promise<void> {
  const { orgId, clock, actor } = context
  const now = clock.now()
  const domains = (await repos.domains.listForOrg(orgId)).filter((d) => names.includes(d.name))
  for (const domain of domains)
    await repos.domains.update(orgId, domain.id, { enforcedAt: null }, now)
  await repos.audit.insert(
    enforcementChangedEvent(clock, orgId, actor, {
      removed: domains.map((d) => d.name),
      added: [],
      reason: 'lifted with a change that left these domains without a tested SSO profile',
    }),
  )
}

/** The audit event of every change to which domains are enforced. */
export function enforcementChangedEvent(
  clock: Clock,
  orgId: string,
  actor: Actor,
  details: Readonly<Record<string, unknown>>,
) {
  return auditEvent(clock, {
    orgId,
    type: 'enforcement.changed',
    outcome: 'success',
    actor,
    target: { type: 'organization', id: orgId },
    details,
  })
}
