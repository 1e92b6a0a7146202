/**
 * Domain verification (SPEC §2): add a domain, publish the TXT record, verify through DNS, remove; and the
 * daily re-check that moves a domain whose record disappeared through `verified-uncertain` to unverified.
 * Every state change is audited in its own transaction.
 */
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { AppError } from '../../errors/app-error.ts'
import type { Clock } from '../../platform/clock.ts'
import { DNSLookupError, type DNSResolver } from '../../platform/dns.ts'
import { newId, newSecret } from '../../platform/random.ts'
import { toPage, type Page } from '../../platform/page.ts'
import type { Store } from '../../platform/store.ts'
import {
  GRACE_PERIOD_MS,
  RECHECK_INTERVAL_MS,
  recheckOutcome,
  validateNewDomain,
  verificationRecord,
  type Domain,
  type VerificationRecordConfig,
} from '../../domains/domain.ts'
import type {
  DomainListQuery,
  DomainRepository,
  DomainUpdate,
} from '../../domains/domain-repository.ts'
import { guardAccess } from '../sign-in/access-guard.ts'
import type { SSOProfileRepository } from '../../sso-profiles/sso-profile-repository.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'

export interface DomainServiceDeps {
  readonly store: Store<{
    orgs: OrganizationRepository
    domains: DomainRepository
    ssoProfiles: SSOProfileRepository
    users: UserRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
  readonly dns: DNSResolver
  readonly record: VerificationRecordConfig
  readonly graceMs?: number
}

const SYSTEM: Actor = Object.freeze({ type: 'system', id: 'domain-recheck' })
const RECHECK_BATCH = 200

export interface RecheckSummary {
  readonly checked: number
  readonly changed: number
  /** Lookups that failed (DNS unreachable): those domains keep their state until the next run. */
  readonly skipped: number
}

export class DomainService {
  readonly #deps: DomainServiceDeps

  constructor(deps: DomainServiceDeps) {
    this.#deps = deps
  }

  recordFor(domain: Domain) {
    return verificationRecord(domain, this.#deps.record)
  }

  async listDomains(orgId: string, query: DomainListQuery): Promise<Page<Domain>> {
    const rows = await this.#deps.store.read.domains.listPage(orgId, query)
    return toPage(rows, query.limit, (domain) => ({ at: domain.createdAt, id: domain.id }))
  }

  async getDomain(orgId: string, domainId: string): Promise<Domain> {
    const domain = await this.#deps.store.read.domains.findById(orgId, domainId)
    if (domain === undefined) throw new AppError('domain.not_found')
    return domain
  }

  /** Adds an unverified domain with a fresh verification token. */
  async addDomain(orgId: string, rawName: unknown, actor: Actor): Promise<Domain> {
    const { store } = this.#deps
    const domain = this.#newDomain(orgId, validateNewDomain(rawName))
    await store.transaction(async ({ domains, audit }) => {
      const verified = await domains.findVerifiedByName(domain.name)
      if (verified !== undefined && verified.orgId !== orgId) throw new AppError('domain.taken')
      await domains.insert(domain)
      await audit.insert(this.#event(orgId, 'domain.added', actor, domain, { name: domain.name }))
    })
    return domain
  }

  /**
   * The operator vouches for a domain (issue 23): added if the organization lacks it, verified without
   * DNS and never re-checked there; `domain.taken` when another organization verified it. Audited as
   * the operator's act. A domain already verified by its DNS record stays as it is.
   */
  async vouchForDomain(orgId: string, rawName: unknown, actor: Actor): Promise<Domain> {
    const { store, clock } = this.#deps
    const name = validateNewDomain(rawName)
    return store.transaction(async ({ orgs, domains, audit }) => {
      if ((await orgs.findById(orgId)) === undefined) throw new AppError('org.not_found')
      const verified = await domains.findVerifiedByName(name)
      if (verified !== undefined && verified.orgId !== orgId) throw new AppError('domain.taken')
      const now = clock.now()
      const existing = (await domains.listForOrg(orgId)).find((d) => d.name === name)
      if (existing !== undefined && existing.status !== 'unverified') return existing
      const vouched = {
        status: 'verified',
        verifiedAt: now,
        verifiedBy: 'operator',
        lastCheckedAt: now,
        uncertainSince: null,
      } as const
      let domain: Domain
      if (existing === undefined) {
        domain = { ...this.#newDomain(orgId, name), ...vouched }
        await domains.insert(domain)
        await audit.insert(this.#event(orgId, 'domain.added', actor, domain, { name }))
      } else {
        await domains.update(orgId, existing.id, vouched, now)
        domain = { ...existing, ...vouched, updatedAt: now }
      }
      await audit.insert(
        this.#event(orgId, 'domain.verified', actor, domain, {
          previous: 'unverified',
          by: 'operator',
        }),
      )
      return domain
    })
  }

  #newDomain(orgId: string, name: string): Domain {
    const now = this.#deps.clock.now()
    return {
      id: newId(),
      orgId,
      name,
      status: 'unverified',
      verificationToken: newSecret('', 24),
      verifiedAt: null,
      lastCheckedAt: null,
      uncertainSince: null,
      ssoProfileId: null,
      enforcedAt: null,
      createdAt: now,
      updatedAt: now,
      verifiedBy: null,
    }
  }

  /** Looks the TXT record up now; verified when it is there. */
  async verifyDomain(orgId: string, domainId: string, actor: Actor): Promise<Domain> {
    const { store, clock } = this.#deps
    const domain = await this.getDomain(orgId, domainId)
    const record = this.recordFor(domain)
    const present = await this.#lookup(record.name, record.value)
    if (present === undefined) throw new AppError('domain.dns_unavailable')
    const now = clock.now()
    if (!present.ok) {
      await store.read.audit.insert(
        this.#event(
          orgId,
          'domain.verification_failed',
          actor,
          domain,
          { found: present.found },
          'failure',
        ),
      )
      throw new AppError('domain.verification_failed', {
        details: { recordName: record.name, expectedValue: record.value, found: present.found },
      })
    }
    const changes: DomainUpdate =
      domain.status === 'unverified'
        ? {
            status: 'verified',
            verifiedAt: now,
            verifiedBy: 'dns',
            lastCheckedAt: now,
            uncertainSince: null,
          }
        : { status: 'verified', verifiedBy: 'dns', lastCheckedAt: now, uncertainSince: null }
    await store.transaction(async ({ domains, audit }) => {
      await domains.update(orgId, domainId, changes, now)
      if (domain.status !== 'verified') {
        await audit.insert(
          this.#event(orgId, 'domain.verified', actor, domain, { previous: domain.status }),
        )
      }
    })
    return { ...domain, ...changes, updatedAt: now }
  }

  /** Removes a domain (its enforcement ends with it); never the one the owner's only way in needs. */
  async removeDomain(orgId: string, domainId: string, actor: Actor): Promise<void> {
    const { store, clock } = this.#deps
    await store.transaction(async (repos) => {
      const { domains, audit } = repos
      const domain = await domains.findById(orgId, domainId)
      if (domain === undefined) throw new AppError('domain.not_found')
      await guardAccess(repos, { orgId, clock, actor }, {}, () => domains.delete(orgId, domainId))
      await audit.insert(
        this.#event(orgId, 'domain.removed', actor, domain, {
          name: domain.name,
          status: domain.status,
          wasEnforced: domain.enforcedAt !== null,
        }),
      )
    })
  }

  /** The daily re-check of every verified domain last checked a day ago or more. */
  /** The daily re-check; stops between domains when `signal` aborts (the rest stays due). */
  async recheckDue(signal?: AbortSignal): Promise<RecheckSummary> {
    const { store, clock } = this.#deps
    const now = clock.now()
    const due = await store.read.domains.listDueForRecheck(now - RECHECK_INTERVAL_MS, RECHECK_BATCH)
    let changed = 0
    let skipped = 0
    for (const domain of due) {
      if (signal?.aborted) break
      const record = this.recordFor(domain)
      const present = await this.#lookup(record.name, record.value)
      if (present === undefined) {
        skipped++
        continue
      }
      const outcome = recheckOutcome(domain, present.ok, now, this.#deps.graceMs ?? GRACE_PERIOD_MS)
      const update: DomainUpdate = { lastCheckedAt: now }
      let type: string | undefined
      if (outcome.kind === 'uncertain') {
        Object.assign(update, { status: 'verified-uncertain', uncertainSince: now })
        type = 'domain.verification_uncertain'
      } else if (outcome.kind === 'reverified') {
        Object.assign(update, { status: 'verified', uncertainSince: null })
        type = 'domain.reverified'
      } else if (outcome.kind === 'unverified') {
        // Unverified domains cannot be enforced or used for SSO (SPEC §2): enforcement ends with it.
        Object.assign(update, { status: 'unverified', uncertainSince: null, enforcedAt: null })
        type = 'domain.unverified'
      }
      await store.transaction(async ({ domains, audit }) => {
        await domains.update(domain.orgId, domain.id, update, now)
        if (type !== undefined) {
          await audit.insert(
            this.#event(domain.orgId, type, SYSTEM, domain, { previous: domain.status }),
          )
        }
      })
      if (type !== undefined) changed++
    }
    return { checked: due.length - skipped, changed, skipped }
  }

  /** `ok` when a TXT record at `name` equals `value`; undefined when DNS could not answer. */
  async #lookup(
    name: string,
    value: string,
  ): Promise<{ ok: boolean; found: string[] } | undefined> {
    try {
      const result = await this.#deps.dns.resolveTXT(name)
      const found = result.found ? result.records.slice(0, 10).map((r) => r.slice(0, 300)) : []
      return { ok: result.found && result.records.includes(value), found }
    } catch (error) {
      if (error instanceof DNSLookupError) return undefined
      throw error
    }
  }

  #event(
    orgId: string,
    type: string,
    actor: Actor,
    domain: Domain,
    details: Record<string, unknown>,
    outcome: 'success' | 'failure' = 'success',
  ) {
    return auditEvent(this.#deps.clock, {
      orgId,
      type,
      outcome,
      actor,
      target: { type: 'domain', id: domain.id },
      details: { name: domain.name, ...details },
    })
  }
}
