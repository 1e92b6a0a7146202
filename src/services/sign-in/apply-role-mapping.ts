/**
 * Applies an organization's role mapping (issue 28) to some of its users inside the caller's
 * transaction: reads their SCIM groups, decides each role with `mappedRole`, writes what changed (role
 * and where it came from), audits each role change as `user.updated` by the caller's actor with
 * `via: "role_mapping"` and the rule, and ends the Admin API tokens a demoted admin made. The caller runs
 * it under the access guard, so a mapping can never strand the organization.
 */
import type { Actor } from '../../audit/audit-event.ts'
import { userEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import type { BearerTokenRepository } from '../../api-tokens/api-token-repository.ts'
import type { Clock } from '../../platform/clock.ts'
import type { SCIMRepository } from '../../scim/scim-repository.ts'
import {
  mappedRole,
  samlGroupsOf,
  type RoleMapping,
  type RoleOrigin,
} from '../../users/role-mapping.ts'
import { wouldBreakAccess, type AccessRepos } from './access-guard.ts'
import type { RoleMappingRepository } from '../../users/role-mapping-repository.ts'
import type { Role, User } from '../../users/user.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import { revokeTokensMadeBy } from './revoke-access.ts'

export interface RoleMappingRepos {
  readonly users: UserRepository
  readonly scim: SCIMRepository
  readonly roleMappings: RoleMappingRepository
  readonly apiTokens: BearerTokenRepository
  readonly audit: AuditRepository
}

/** One user's role as the mapping changes it. */
export interface RoleChange {
  readonly userId: string
  readonly email: string
  readonly from: Role
  readonly to: Role
  readonly origin: RoleOrigin
}

/** What the mapping would do to `users` (nothing written): their role changes, and origin updates. */
export async function planRoles(
  repos: Pick<RoleMappingRepos, 'scim'>,
  orgId: string,
  mapping: RoleMapping,
  users: readonly User[],
): Promise<{ changes: RoleChange[]; origins: { user: User; origin: RoleOrigin }[] }> {
  const groups = await repos.scim.groupsOf(
    orgId,
    users.map((u) => u.id),
  )
  const changes: RoleChange[] = []
  const origins: { user: User; origin: RoleOrigin }[] = []
  for (const user of users) {
    const decided = mappedRole(mapping, user.role, {
      scimGroups: groups.get(user.id) ?? [],
      samlGroups: user.idpGroups,
      mappedBefore: user.roleFrom !== null,
    })
    if (decided === undefined) continue
    if (decided.role !== user.role) {
      changes.push({
        userId: user.id,
        email: user.email,
        from: user.role,
        to: decided.role,
        origin: decided.origin,
      })
    } else if (JSON.stringify(decided.origin) !== JSON.stringify(user.roleFrom)) {
      origins.push({ user, origin: decided.origin })
    }
  }
  return { changes, origins }
}

type Plan = Awaited<ReturnType<typeof planRoles>>

/**
 * Locks the rows of `userIds` (in one order, so two requests cannot deadlock) and plans from what is
 * read after the lock: two SCIM requests moving the same person between groups at once then decide one
 * after the other, each from the other's committed memberships, never from a read taken before it.
 */
async function lockAndPlan(
  repos: RoleMappingRepos,
  orgId: string,
  mapping: RoleMapping,
  userIds: readonly string[],
): Promise<Plan> {
  const ids = [...new Set(userIds)].sort()
  for (const id of ids) await repos.users.lockUnchanged(orgId, id)
  return planRoles(repos, orgId, mapping, await repos.users.findByIds(orgId, ids))
}

/** Writes a plan: origins, role changes (audited as the mapping's doing), a demoted admin's tokens. */
async function writePlan(
  repos: RoleMappingRepos,
  context: { readonly orgId: string; readonly clock: Clock; readonly actor: Actor },
  { changes, origins }: Plan,
): Promise<RoleChange[]> {
  const { orgId, clock, actor } = context
  const now = clock.now()
  for (const { user, origin } of origins) {
    await repos.users.update(orgId, user.id, { roleFrom: origin }, now)
  }
  for (const change of changes) {
    await repos.users.update(
      orgId,
      change.userId,
      { role: change.to, roleFrom: change.origin },
      now,
    )
    await repos.audit.insert(
      userEvent(clock, {
        orgId,
        type: 'user.updated',
        actor,
        userId: change.userId,
        details: {
          changes: { role: change.to },
          before: { role: change.from },
          via: 'role_mapping',
          rule: change.origin.rule,
        },
      }),
    )
    // A member has no Admin API rights: the tokens they made as an admin end with the demotion.
    if (change.to === 'member') {
      await revokeTokensMadeBy(repos, clock, {
        orgId,
        userId: change.userId,
        actor,
        reason: 'maker_demoted',
      })
    }
  }
  return changes
}

/** Applies the organization's mapping (or `mapping`) to `userIds`; returns the role changes made. */
export async function applyRoleMapping(
  repos: RoleMappingRepos,
  context: { readonly orgId: string; readonly clock: Clock; readonly actor: Actor },
  userIds: readonly string[],
  mapping?: RoleMapping,
): Promise<RoleChange[]> {
  const chosen = mapping ?? (await repos.roleMappings.find(context.orgId))
  if (!chosen.enabled || userIds.length === 0) return []
  return writePlan(repos, context, await lockAndPlan(repos, context.orgId, chosen, userIds))
}

/**
 * At a SAML sign-in: keeps the group values of the attributes the organization's SAML rules read
 * (`{}` when the assertion has none of them: the IdP says "no groups") and applies the mapping to the
 * user. A change the access guard would refuse is not made — the person still signs in, with the role
 * they had — and reported in the sign-in's audit details instead. Returns what to report.
 */
export async function mapRoleAtSignIn(
  repos: RoleMappingRepos & AccessRepos,
  context: { readonly orgId: string; readonly clock: Clock; readonly actor: Actor },
  user: User,
  attributes: Readonly<Record<string, readonly string[]>>,
): Promise<Record<string, unknown> | undefined> {
  const { orgId, clock } = context
  const mapping = await repos.roleMappings.find(orgId)
  if (!mapping.enabled) return undefined
  const { groups, cut } = samlGroupsOf(mapping, attributes)
  if (mapping.rules.some((r) => r.source === 'saml_attribute')) {
    const idpGroups = groups ?? {}
    if (JSON.stringify(idpGroups) !== JSON.stringify(user.idpGroups)) {
      await repos.users.update(orgId, user.id, { idpGroups }, clock.now())
    }
  }
  const plan = await lockAndPlan(repos, orgId, mapping, [user.id])
  const report = { ...(cut > 0 && { groupValuesCut: cut }) }
  const change = plan.changes[0]
  if (change !== undefined) {
    const changed = { userId: change.userId, role: change.to }
    if (await wouldBreakAccess(repos, orgId, clock.now(), changed)) {
      return { ...report, roleMapping: { refused: true, from: change.from, to: change.to } }
    }
  }
  const made = await writePlan(repos, context, plan)
  return Object.keys(report).length === 0 && made.length === 0
    ? undefined
    : { ...report, ...(made[0] && { roleMapping: { from: made[0].from, to: made[0].to } }) }
}
