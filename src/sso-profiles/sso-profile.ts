/**
 * SSO profiles (SPEC §2, §4): one SAML IdP connection of an organization. Each profile has its own SP
 * entity ID and ACS URL, so Audience and Destination bind a response to exactly one profile (I6).
 */
import { AppError } from '../errors/app-error.ts'
import { readName } from '../platform/names.ts'
import type { PinnedCertificate } from '../saml/certificates.ts'
import type { MetadataChangePolicy, StagedMetadata } from './metadata-changes.ts'
import {
  ASSERTION_ENCRYPTION,
  SIGNATURE_POLICIES,
  type AssertionEncryption,
  type SignaturePolicy,
} from '../saml/acs/context.ts'
import type { IdPProduct } from './idp-products.ts'

export const SSO_PROFILE_STATUSES = ['active', 'disabled'] as const
export type SSOProfileStatus = (typeof SSO_PROFILE_STATUSES)[number]

/** What enforcement needs: whether a profile is active and passed a connection test. */
export interface SSOProfileSummary {
  readonly id: string
  readonly orgId: string
  readonly name: string
  readonly status: SSOProfileStatus
  /** When the last connection test passed; null if none has. */
  readonly lastTestPassedAt: number | null
}

export interface AttributeMapping {
  readonly givenName?: string
  readonly familyName?: string
  readonly displayName?: string
}

export interface SSOProfile extends SSOProfileSummary {
  readonly idpEntityId: string | null
  readonly idpSsoUrl: string | null
  readonly idpMetadataUrl: string | null
  readonly idpMetadataXml: string | null
  readonly idpMetadataFetchedAt: number | null
  readonly idpMetadataValidUntil: number | null
  readonly idpMetadataNextRefreshAt: number | null
  readonly idpMetadataError: string | null
  readonly certificates: readonly PinnedCertificate[]
  readonly signRequests: boolean
  readonly signaturePolicy: SignaturePolicy
  /** Whether assertions may (`accepted`) or must (`required`) come encrypted; `off` refuses them. */
  readonly assertionEncryption: AssertionEncryption
  readonly clockSkewSeconds: number
  readonly attributeMapping: AttributeMapping
  /** The OIDC client an IdP-initiated login lands in (through its initiate_login_uri). */
  readonly defaultClientId: string | null
  /** What a metadata refresh that changes something does: apply it, or hold it for approval. */
  readonly metadataChangePolicy: MetadataChangePolicy
  /** The IdP product the admin set it up with (its guide and names preset); null: not said. */
  readonly idpProduct: IdPProduct | null
  /** A refresh's changes held for approval (or rejected), when there are some. */
  readonly stagedMetadata: StagedMetadata | null
  readonly lastTestAt: number | null
  readonly lastTestResult: Readonly<Record<string, unknown>> | null
  readonly createdAt: number
  readonly updatedAt: number
}

/** The SP side of a profile: its own entity ID and ACS URL under PUBLIC_URL (SPEC §7). */
export function spEndpoints(publicUrl: string, profileId: string) {
  const base = `${publicUrl}/saml/${encodeURIComponent(profileId)}`
  return { entityId: `${base}/metadata`, acsUrl: `${base}/acs`, metadataUrl: `${base}/metadata` }
}

/**
 * True when the profile has everything a login needs at `now`: active, an IdP entity ID and SSO URL, a
 * pinned certificate still valid, and metadata (when it came from metadata) before its validUntil —
 * expired metadata is not used (SAML Metadata §2.3.1).
 */
export function isUsable(profile: SSOProfile, now: number): boolean {
  return (
    profile.status === 'active' &&
    profile.idpEntityId !== null &&
    profile.idpSsoUrl !== null &&
    profile.certificates.some((c) => c.notAfter > now) &&
    !isMetadataExpired(profile, now)
  )
}

export function isMetadataExpired(
  profile: Pick<SSOProfile, 'idpMetadataValidUntil'>,
  now: number,
): boolean {
  return profile.idpMetadataValidUntil !== null && profile.idpMetadataValidUntil <= now
}

export const MAX_CLOCK_SKEW_SECONDS = 300

export function validateProfileName(input: unknown): string {
  const name = readName(input, 200)
  if (name === undefined) throw new AppError('sso.invalid_settings', { details: { field: 'name' } })
  return name
}

/** IdP entity IDs are URIs or URNs (SAML Core §8.3.6), compared exactly. */
export function validateEntityId(input: unknown): string {
  if (typeof input !== 'string' || input.length === 0 || input.length > 1024 || /\s/.test(input)) {
    throw new AppError('sso.invalid_settings', { details: { field: 'idpEntityId' } })
  }
  return input
}

/** The IdP's HTTP-Redirect SSO endpoint: https (http only on loopback, for local IdPs in development). */
export function validateSsoUrl(input: unknown, allowHttp: boolean): string {
  let url: URL
  try {
    url = new URL(String(input))
  } catch {
    throw new AppError('sso.invalid_settings', { details: { field: 'idpSsoUrl' } })
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    throw new AppError('sso.invalid_settings', {
      details: { field: 'idpSsoUrl', reason: 'must be https' },
    })
  }
  if (url.hash || url.username || url.password) {
    throw new AppError('sso.invalid_settings', { details: { field: 'idpSsoUrl' } })
  }
  return url.href
}

export function validateSignaturePolicy(input: unknown): SignaturePolicy {
  if (!(SIGNATURE_POLICIES as readonly unknown[]).includes(input)) {
    throw new AppError('sso.invalid_settings', { details: { field: 'signaturePolicy' } })
  }
  return input as SignaturePolicy
}

export function validateAssertionEncryption(input: unknown): AssertionEncryption {
  if (!(ASSERTION_ENCRYPTION as readonly unknown[]).includes(input)) {
    throw new AppError('sso.invalid_settings', { details: { field: 'assertionEncryption' } })
  }
  return input as AssertionEncryption
}
