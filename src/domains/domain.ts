/**
 * Verified domains (SPEC §2): the states a domain moves through, the DNS record that proves control, and
 * the daily re-check's rule with its grace period. Pure.
 */
import { parse } from 'tldts'
import { AppError } from '../errors/app-error.ts'
import { domainOwnerOf, type DomainOwner } from '../users/admission.ts'
import { canonicalizeDomain } from '../users/email.ts'
import { PUBLIC_MAIL_DOMAINS } from './public-mail-domains.ts'

export const DOMAIN_STATUSES = ['unverified', 'verified', 'verified-uncertain'] as const
export type DomainStatus = (typeof DOMAIN_STATUSES)[number]

export interface Domain {
  readonly id: string
  readonly orgId: string
  /** Canonical: lower-case A-labels. */
  readonly name: string
  readonly status: DomainStatus
  readonly verificationToken: string
  readonly verifiedAt: number | null
  readonly lastCheckedAt: number | null
  readonly uncertainSince: number | null
  readonly ssoProfileId: string | null
  readonly enforcedAt: number | null
  readonly createdAt: number
  readonly updatedAt: number
  /**
   * How it was verified: `dns` (its TXT record, re-checked daily) or `operator` (the operator vouched
   * for it, issue 23: no DNS re-check); null while unverified, and for domains verified before this was kept
   * (those were verified by DNS).
   */
  readonly verifiedBy: VerifiedBy | null
}

export const VERIFIED_BY = ['dns', 'operator'] as const
export type VerifiedBy = (typeof VERIFIED_BY)[number]

/** What the login policy needs to know about the domain of an email address. */
export interface DomainLoginFacts {
  readonly orgId: string
  readonly name: string
  readonly status: DomainStatus
  /** The SSO profile that serves this domain, if any. */
  readonly ssoProfileId: string | null
  readonly enforced: boolean
  /** Whether the plan of the organization that verified it includes SSO (issue 23). */
  readonly ssoAvailable: boolean
}

/** A domain in its grace period (`verified-uncertain`) still counts as verified (SPEC §2). */
export function isVerified(status: DomainStatus): boolean {
  return status === 'verified' || status === 'verified-uncertain'
}

/**
 * SPEC §2: a verified domain belongs to the organization that verified it. No other organization may
 * create, invite, import, provision or rename a user into it; accounts already there when it was
 * verified are adopted only by the owner ("import existing users of my verified domains"). Who verified
 * an address's domain, as the admission rule (`users/admission.ts`) asks it.
 */
export function domainOwner(orgId: string, domain: DomainLoginFacts | undefined): DomainOwner {
  return domainOwnerOf(
    orgId,
    domain !== undefined && isVerified(domain.status) ? domain.orgId : undefined,
  )
}

/** Names of the TXT record (configurable, SPEC §2). */
export interface VerificationRecordConfig {
  /** Label in front of the domain: `_portcullis` → `_portcullis.example.com`. */
  readonly recordLabel: string
  /** Value prefix: `portcullis-domain-verification` → `portcullis-domain-verification=TOKEN`. */
  readonly valuePrefix: string
}

export interface VerificationRecord {
  readonly type: 'TXT'
  readonly name: string
  readonly value: string
}

export function verificationRecord(
  domain: Pick<Domain, 'name' | 'verificationToken'>,
  config: VerificationRecordConfig,
): VerificationRecord {
  return {
    type: 'TXT',
    name: `${config.recordLabel}.${domain.name}`,
    value: `${config.valuePrefix}=${domain.verificationToken}`,
  }
}

/** Parses and checks a domain an administrator wants to add. */
export function validateNewDomain(input: unknown): string {
  const name = typeof input === 'string' ? canonicalizeDomain(input.trim()) : undefined
  if (name === undefined) throw new AppError('domain.invalid')
  if (PUBLIC_MAIL_DOMAINS.has(name)) throw new AppError('domain.public_mail')
  // A public suffix (co.uk, github.io: ICANN's and private registries' alike) is no one's to claim.
  if (parse(name, { allowPrivateDomains: true }).domain === null) {
    throw new AppError('domain.public_suffix', { details: { domain: name } })
  }
  return name
}

export const RECHECK_INTERVAL_MS = 24 * 3600_000
export const GRACE_PERIOD_MS = 30 * 24 * 3600_000

export type RecheckChange =
  | { readonly kind: 'still_verified' }
  | { readonly kind: 'uncertain' }
  | { readonly kind: 'reverified' }
  | { readonly kind: 'still_uncertain' }
  | { readonly kind: 'unverified' }

/**
 * The daily re-check (SPEC §2): a record that disappears makes the domain `verified-uncertain`; back
 * within the grace period it is verified again; missing for the whole grace period, unverified.
 */
export function recheckOutcome(
  domain: Pick<Domain, 'status' | 'uncertainSince'>,
  recordPresent: boolean,
  now: number,
  graceMs = GRACE_PERIOD_MS,
): RecheckChange {
  if (recordPresent) {
    return domain.status === 'verified-uncertain'
      ? { kind: 'reverified' }
      : { kind: 'still_verified' }
  }
  if (domain.status === 'verified') return { kind: 'uncertain' }
  const since = domain.uncertainSince ?? now
  return now - since >= graceMs ? { kind: 'unverified' } : { kind: 'still_uncertain' }
}
