/** Verified domains (SPEC §2), as far as login needs them; the Admin API issue adds the rest. */

export const DOMAIN_STATUSES = ['unverified', 'verified', 'verified-uncertain'] as const
export type DomainStatus = (typeof DOMAIN_STATUSES)[number]

/** What the login policy needs to know about the domain of an email address. */
export interface DomainLoginFacts {
  readonly orgId: string
  readonly name: string
  readonly status: DomainStatus
  /** The SSO profile that serves this domain, if any. */
  readonly ssoProfileId: string | null
  readonly enforced: boolean
}

/** A domain in its grace period (`verified-uncertain`) still counts as verified (SPEC §2). */
export function isVerified(status: DomainStatus): boolean {
  return status === 'verified' || status === 'verified-uncertain'
}
