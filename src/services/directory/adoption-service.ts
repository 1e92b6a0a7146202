/**
 * "Import existing users of my verified domains" (SPEC §2, §4): accounts on the deployment whose email is
 * in a domain this organization has verified but that belong to another organization (they were created
 * there before the domain was verified) become members of this one. One transaction per account: its
 * sessions, codes, tokens and invitation links end, its SCIM identity and groups in the old organization
 * go, and both organizations' audit logs say so. The owner of another organization is never moved (that
 * organization must keep its owner).
 */
import type { EventRepository } from '../../events/event-repository.ts'
import type { KnownDeviceRepository } from '../../sessions/known-device-repository.ts'
import type { Actor } from '../../audit/audit-event.ts'
import { userEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import type { SessionRepository } from '../../sessions/session-repository.ts'
import type { DomainRepository } from '../../domains/domain-repository.ts'
import type { AccessTokenRepository } from '../../oidc/access-token-repository.ts'
import type { AuthCodeRepository } from '../../oidc/auth-code-repository.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Store } from '../../platform/store.ts'
import { emailDomain } from '../../domains/access.ts'
import type { InvitationRepository } from '../../users/invitation-repository.ts'
import { revokeAccess, revokeTokensMadeBy } from '../sign-in/revoke-access.ts'
import type { BearerTokenRepository } from '../../api-tokens/api-token-repository.ts'
import { isOwnerProtected, type User } from '../../users/user.ts'
import type { UserRepository } from '../../users/user-repository.ts'

export interface AdoptionRepos {
  readonly users: UserRepository
  readonly domains: DomainRepository
  readonly sessions: SessionRepository
  readonly events: EventRepository
  readonly authCodes: AuthCodeRepository
  readonly accessTokens: AccessTokenRepository
  readonly invitations: InvitationRepository
  readonly passwordResets: InvitationRepository
  readonly knownDevices: KnownDeviceRepository
  readonly apiTokens: BearerTokenRepository
  readonly audit: AuditRepository
}

export const ADOPTION_SKIPS = {
  'adoption.owner_elsewhere':
    'The account owns its organization; its owner must transfer ownership first.',
  'adoption.gone':
    'The account changed meanwhile (moved, deleted, or its domain is no longer ours).',
} as const
export type AdoptionSkip = keyof typeof ADOPTION_SKIPS

export interface AdoptionResult {
  readonly email: string
  readonly userId: string
  readonly status: User['status']
  readonly outcome: 'adopt' | 'adopted' | 'skip'
  readonly code?: AdoptionSkip
  readonly endedSessions?: number
}

/** Accounts handled per call; the answer says whether more remain. */
export const ADOPTION_BATCH = 1000

export class AdoptionService {
  readonly #deps: { readonly store: Store<AdoptionRepos>; readonly clock: Clock }

  constructor(deps: { readonly store: Store<AdoptionRepos>; readonly clock: Clock }) {
    this.#deps = deps
  }

  /**
   * The accounts that would be adopted (`dryRun`), or adopts them. `emails` narrows to those accounts
   * (canonical emails); otherwise every candidate, up to ADOPTION_BATCH per call.
   */
  async adopt(
    orgId: string,
    actor: Actor,
    options: { readonly dryRun: boolean; readonly emails?: readonly string[] },
  ): Promise<{ results: AdoptionResult[]; more: boolean }> {
    const { store } = this.#deps
    const domains = (await store.read.domains.listForOrg(orgId))
      .filter((d) => d.status === 'verified')
      .map((d) => d.name)
    const found = await store.read.users.listInDomainsOutside(orgId, domains, ADOPTION_BATCH + 1)
    const wanted = options.emails === undefined ? undefined : new Set(options.emails)
    const candidates = found
      .slice(0, ADOPTION_BATCH)
      .filter((u) => wanted === undefined || wanted.has(u.emailCanonical))
    const results: AdoptionResult[] = []
    for (const user of candidates) {
      const base = { email: user.email, userId: user.id, status: user.status }
      if (isOwnerProtected(user)) {
        results.push({ ...base, outcome: 'skip', code: 'adoption.owner_elsewhere' })
      } else if (options.dryRun) {
        results.push({ ...base, outcome: 'adopt' })
      } else {
        results.push({ ...base, ...(await this.#adoptOne(orgId, user, actor)) })
      }
    }
    return { results, more: found.length > ADOPTION_BATCH }
  }

  async #adoptOne(
    orgId: string,
    seen: User,
    actor: Actor,
  ): Promise<Pick<AdoptionResult, 'outcome' | 'code' | 'endedSessions'>> {
    const { store, clock } = this.#deps
    return store.transaction(async (repos) => {
      const now = clock.now()
      const user = await repos.users.findById(seen.orgId, seen.id)
      const domain = emailDomain(seen.emailCanonical)
      const verified = await repos.domains.findVerifiedByName(domain)
      if (user === undefined || verified?.orgId !== orgId || verified.status !== 'verified') {
        return { outcome: 'skip', code: 'adoption.gone' }
      }
      if (isOwnerProtected(user)) return { outcome: 'skip', code: 'adoption.owner_elsewhere' }
      const ended = await revokeAccess(repos, user.orgId, user.id, now, { reason: 'moved', actor })
      // Tokens act as their maker in the organization the maker leaves.
      await revokeTokensMadeBy(repos, clock, {
        orgId: user.orgId,
        userId: user.id,
        actor,
        reason: 'maker_moved',
      })
      if (!(await repos.users.moveToOrganization(user.id, user.orgId, orgId, now))) {
        return { outcome: 'skip', code: 'adoption.gone' }
      }
      const details = { domain, previousRole: user.role, endedSessions: ended.sessions }
      await repos.audit.insert(
        userEvent(clock, { orgId, type: 'user.adopted', actor, userId: user.id, details }),
      )
      await repos.audit.insert(
        userEvent(clock, {
          orgId: user.orgId,
          type: 'user.transferred_out',
          actor,
          userId: user.id,
          details: { ...details, reason: 'the email domain is verified by another organization' },
        }),
      )
      return { outcome: 'adopted', endedSessions: ended.sessions }
    })
  }
}
