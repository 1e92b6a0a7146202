/**
 * May an organization take in an email address (SPEC §2)? One rule for every door that creates a user or
 * gives one an address — the Admin API and the CLI (invite, organization owner), SCIM (POST, PUT, PATCH)
 * and the CSV import: a domain another organization verified belongs to it; SCIM and the import also need
 * the domain to be verified by the organization itself; and an address is held by one account in the
 * whole deployment. Each door answers the refusal with its own stable codes (codes are API), from a
 * table beside it: `INVITE_ADMISSION` here, `SCIM_ADMISSION`, `IMPORT_ADMISSION`.
 */
import { AppError } from '../errors/app-error.ts'
import type { ErrorCode } from '../errors/codes.ts'

/** Who verified the address's domain, seen from the organization asking. */
export type DomainOwner = 'ours' | 'theirs' | 'none'
/** Who holds the address now, seen from the organization asking. */
export type Holder = 'nobody' | 'here' | 'elsewhere'

export const ADMISSION_REFUSALS = [
  'domain_owned_elsewhere',
  'domain_unverified',
  'held_here',
  'held_elsewhere',
] as const
export type AdmissionRefusal = (typeof ADMISSION_REFUSALS)[number]

/** A door's code for each refusal; null where the door lets it through. */
export type AdmissionCodes<C extends string> = Readonly<Record<AdmissionRefusal, C | null>>

/**
 * Every reason the organization may not take the address in, domain first (an address in another
 * organization's domain is refused whoever holds it); empty when it may.
 */
export function admissionRefusals(domain: DomainOwner, holder: Holder): AdmissionRefusal[] {
  const refusals: AdmissionRefusal[] = []
  if (domain === 'theirs') refusals.push('domain_owned_elsewhere')
  if (domain === 'none') refusals.push('domain_unverified')
  if (holder === 'here') refusals.push('held_here')
  if (holder === 'elsewhere') refusals.push('held_elsewhere')
  return refusals
}

/** The first refusal a door does not let through, as the door's code; null when it admits the address. */
export function refusalAt<C extends string>(
  codes: AdmissionCodes<C>,
  domain: DomainOwner,
  holder: Holder,
): C | null {
  for (const refusal of admissionRefusals(domain, holder)) {
    const code = codes[refusal]
    if (code !== null) return code
  }
  return null
}

export function domainOwnerOf(orgId: string, verifiedBy: string | undefined): DomainOwner {
  return verifiedBy === undefined ? 'none' : verifiedBy === orgId ? 'ours' : 'theirs'
}

export function holderOf(orgId: string, holder: { readonly orgId: string } | undefined): Holder {
  return holder === undefined ? 'nobody' : holder.orgId === orgId ? 'here' : 'elsewhere'
}

/** The Admin API's and the CLI's codes: an unverified domain may be invited into (SPEC §4). */
export const INVITE_ADMISSION: AdmissionCodes<ErrorCode> = Object.freeze({
  domain_owned_elsewhere: 'user.domain_taken',
  domain_unverified: null,
  held_here: 'user.email_taken',
  held_elsewhere: 'user.email_taken',
})

/** Throws the door's code when the address is refused. */
export function assertAdmitted(
  codes: AdmissionCodes<ErrorCode>,
  domain: DomainOwner,
  holder: Holder,
  details: Readonly<Record<string, unknown>> = {},
): void {
  const code = refusalAt(codes, domain, holder)
  if (code !== null) throw new AppError(code, { details })
}
