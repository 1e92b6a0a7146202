/**
 * SSO enforcement (SPEC §4): which verified domains require SSO. One write per changed domain, never one
 * per user: the login policy reads enforcement at login time. Changing it previews the users affected and
 * refuses, unless acknowledged, a change that would leave no owner or admin a way in without the IdP.
 */
import type { Actor } from '../../audit/audit-event.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { AppError } from '../../errors/app-error.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Store } from '../../platform/store.ts'
import type { SSOProfileRepository } from '../../sso-profiles/sso-profile-repository.ts'
import { canonicalizeDomain } from '../../users/email.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import type { Domain } from '../../domains/domain.ts'
import type { DomainRepository } from '../../domains/domain-repository.ts'
import { canCarryEnforcement, checkAccess } from '../../domains/access.ts'
import { enforcementChangedEvent, guardAccess } from '../sign-in/access-guard.ts'
import { enforcementBlocker } from '../../domains/enforcement.ts'
import { profileWarnings, type ProfileWarning } from '../../sso-profiles/expiry.ts'

export interface EnforcementServiceDeps {
  readonly store: Store<{
    domains: DomainRepository
    ssoProfiles: SSOProfileRepository
    users: UserRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
}

export interface EnforcementState {
  readonly domains: readonly {
    readonly domain: Domain
    readonly enforced: boolean
    readonly profileTested: boolean
    /** What will soon stop the serving profile (expiring metadata or certificates). */
    readonly profileWarnings: readonly ProfileWarning[]
  }[]
  /** Users that the enforced domains make SSO-required (override `none`, not deactivated). */
  readonly affectedUsers: number
  /** True when no owner or admin keeps a password way in. */
  readonly lockoutRisk: boolean
}

export interface SetEnforcementInput {
  readonly domains: readonly string[]
  readonly acknowledgeLockoutRisk?: boolean
  /** Preview only: validate and count, write nothing. */
  readonly dryRun?: boolean
}

export class EnforcementService {
  readonly #deps: EnforcementServiceDeps

  constructor(deps: EnforcementServiceDeps) {
    this.#deps = deps
  }

  async getEnforcement(orgId: string): Promise<EnforcementState> {
    const { store } = this.#deps
    const domains = await store.read.domains.listForOrg(orgId)
    const enforced = new Set(domains.filter((d) => d.enforcedAt !== null).map((d) => d.name))
    return this.#state(orgId, domains, enforced, store.read)
  }

  async setEnforcement(
    orgId: string,
    input: SetEnforcementInput,
    actor: Actor,
  ): Promise<EnforcementState> {
    const { store, clock } = this.#deps
    const wanted = new Set<string>()
    for (const raw of input.domains) {
      const name = canonicalizeDomain(raw.trim())
      if (name === undefined) throw new AppError('domain.invalid', { details: { domain: raw } })
      wanted.add(name)
    }
    const now = clock.now()
    return store.transaction(async (repos) => {
      const domains = await repos.domains.listForOrg(orgId)
      const byName = new Map(domains.map((d) => [d.name, d]))
      const profiles = new Map((await repos.ssoProfiles.listForOrg(orgId)).map((p) => [p.id, p]))
      for (const name of wanted) {
        const blocker = enforcementBlocker(byName.get(name), profiles, now)
        if (blocker !== undefined) throw new AppError(blocker, { details: { domain: name } })
      }
      const state = await this.#state(orgId, domains, wanted, repos)
      // A preview answers whatever the risk: showing it is the point of a preview.
      if (input.dryRun === true) return state
      const added = domains.filter((d) => wanted.has(d.name) && d.enforcedAt === null)
      const removed = domains.filter((d) => !wanted.has(d.name) && d.enforcedAt !== null)
      const options = { acknowledgeLockoutRisk: input.acknowledgeLockoutRisk === true }
      await guardAccess(repos, { orgId, clock, actor }, options, async () => {
        for (const domain of added)
          await repos.domains.update(orgId, domain.id, { enforcedAt: now }, now)
        for (const domain of removed)
          await repos.domains.update(orgId, domain.id, { enforcedAt: null }, now)
      })
      if (added.length + removed.length > 0) {
        await repos.audit.insert(
          enforcementChangedEvent(clock, orgId, actor, {
            enforced: [...wanted].sort(),
            added: added.map((d) => d.name),
            removed: removed.map((d) => d.name),
            affectedUsers: state.affectedUsers,
            lockoutRiskAcknowledged: state.lockoutRisk,
          }),
        )
      }
      return {
        ...state,
        domains: state.domains.map((entry) => ({
          ...entry,
          domain: {
            ...entry.domain,
            enforcedAt: wanted.has(entry.domain.name) ? (entry.domain.enforcedAt ?? now) : null,
          },
        })),
      }
    })
  }

  /** The state with `enforced` (domain names) enforced: what is, or what a change would make. */
  async #state(
    orgId: string,
    domains: readonly Domain[],
    enforced: ReadonlySet<string>,
    repos: { users: UserRepository; ssoProfiles: SSOProfileRepository },
  ): Promise<EnforcementState> {
    const profiles = await repos.ssoProfiles.listForOrg(orgId)
    const byId = new Map(profiles.map((p) => [p.id, p]))
    const hypothetical = domains.map((d) => ({
      ...d,
      enforcedAt: enforced.has(d.name) ? (d.enforcedAt ?? 0) : null,
    }))
    const now = this.#deps.clock.now()
    const access = checkAccess({
      domains: hypothetical,
      profiles,
      privileged: await repos.users.listPrivileged(orgId),
      now,
    })
    return {
      domains: domains.map((domain) => {
        const profile = domain.ssoProfileId === null ? undefined : byId.get(domain.ssoProfileId)
        return {
          domain,
          enforced: enforced.has(domain.name),
          profileTested: canCarryEnforcement(profile, now),
          profileWarnings: profile === undefined ? [] : profileWarnings(profile, now),
        }
      }),
      affectedUsers: await repos.users.countFollowingDomains(orgId, [...enforced]),
      lockoutRisk: access.lockoutRisk,
    }
  }
}
