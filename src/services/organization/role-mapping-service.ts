/**
 * An organization's role mapping through the Admin API (issue 28): read it, see what a mapping would
 * do (a dry run: who would be promoted or demoted, nothing written), and save it — which applies it at
 * once to every user the IdP manages, in one transaction, under the access guard (refused with the
 * lock-out codes when it would strand the organization). Turning it off leaves every role as it is and
 * makes all of them "set by hand" again. Audited as `role_mapping.updated`.
 */
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Store } from '../../platform/store.ts'
import { readRoleMapping, type RoleMapping } from '../../users/role-mapping.ts'
import { guardAccess, type AccessOptions, type AccessRepos } from '../sign-in/access-guard.ts'
import {
  applyRoleMapping,
  planRoles,
  type RoleChange,
  type RoleMappingRepos,
} from '../sign-in/apply-role-mapping.ts'

export interface RoleMappingServiceDeps {
  readonly store: Store<RoleMappingRepos & AccessRepos>
  readonly clock: Clock
}

export interface RoleMappingOutcome {
  readonly mapping: RoleMapping
  /** The role changes (made, or for a dry run, that would be made). */
  readonly changes: readonly RoleChange[]
  /** Users the IdP manages (whom the mapping reads). */
  readonly managedUsers: number
}

export class RoleMappingService {
  readonly #deps: RoleMappingServiceDeps

  constructor(deps: RoleMappingServiceDeps) {
    this.#deps = deps
  }

  get(orgId: string): Promise<RoleMapping> {
    return this.#deps.store.read.roleMappings.find(orgId)
  }

  /** What saving `input` would change now; nothing is written. */
  async dryRun(orgId: string, input: unknown): Promise<RoleMappingOutcome> {
    const mapping = readRoleMapping(input)
    const repos = this.#deps.store.read
    const users = await repos.users.listIdPManaged(orgId)
    const { changes } = mapping.enabled
      ? await planRoles(repos, orgId, mapping, users)
      : { changes: [] }
    return { mapping, changes, managedUsers: users.length }
  }

  async save(
    orgId: string,
    input: unknown,
    actor: Actor,
    options: AccessOptions = {},
  ): Promise<RoleMappingOutcome> {
    const { store, clock } = this.#deps
    const mapping = readRoleMapping(input)
    return store.transaction(async (repos) => {
      const now = clock.now()
      const before = await repos.roleMappings.find(orgId)
      await repos.roleMappings.save(orgId, mapping, now)
      const users = await repos.users.listIdPManaged(orgId)
      const changes = mapping.enabled
        ? await guardAccess(repos, { orgId, clock, actor }, options, () =>
            applyRoleMapping(
              repos,
              { orgId, clock, actor },
              users.map((u) => u.id),
              mapping,
            ),
          )
        : []
      if (!mapping.enabled) await repos.users.clearRoleOrigins(orgId, now)
      await repos.audit.insert(
        auditEvent(clock, {
          orgId,
          type: 'role_mapping.updated',
          outcome: 'success',
          actor,
          target: { type: 'organization', id: orgId },
          details: {
            from: { ...before },
            to: { ...mapping },
            promoted: changes.filter((c) => c.to === 'admin').length,
            demoted: changes.filter((c) => c.to === 'member').length,
          },
        }),
      )
      return { mapping, changes, managedUsers: users.length }
    })
  }
}
