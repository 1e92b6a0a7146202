/**
 * A profile's IdP settings as the Admin API sends them, validated (pure): entity ID, SSO URL and
 * certificates by hand or filled in from metadata XML; and whether a change of them needs a new
 * connection test.
 */
import { AppError } from '../errors/app-error.ts'
import {
  assertCertificateCount,
  parsePinnedCertificate,
  type PinnedCertificate,
} from '../saml/certificates.ts'
import { parseIdPMetadata } from '../saml/metadata/idp-metadata.ts'
import {
  MAX_CLOCK_SKEW_SECONDS,
  validateAssertionEncryption,
  validateEntityId,
  validateSignaturePolicy,
  validateSsoUrl,
  type SSOProfile,
  type SSOProfileStatus,
} from './sso-profile.ts'
import type { AssertionEncryption, SignaturePolicy } from '../saml/acs/context.ts'
import type { MetadataChangePolicy } from './metadata-changes.ts'
import type { PresetName } from './attribute-mapping.ts'
import type { IdPProduct } from './idp-products.ts'

export interface ProfileInput {
  readonly name?: string
  readonly status?: SSOProfileStatus
  readonly idpEntityId?: string
  readonly idpSsoUrl?: string
  readonly certificates?: readonly string[]
  readonly idpMetadataXml?: string
  /** Fetched now and then refreshed periodically (validUntil / cacheDuration, default daily). */
  readonly idpMetadataUrl?: string | null
  readonly signRequests?: boolean
  readonly signaturePolicy?: SignaturePolicy
  /** `off` refuses encrypted assertions, `accepted` takes both, `required` refuses plaintext ones. */
  readonly assertionEncryption?: AssertionEncryption
  readonly clockSkewSeconds?: number
  readonly defaultClientId?: string | null
  /** `hold`: metadata refreshes that change something wait for an admin's approval. */
  readonly metadataChangePolicy?: MetadataChangePolicy
  /** Verified domains of the organization this profile serves (replaces the previous set). */
  readonly domains?: readonly string[]
  /** Which attributes set the user's names (replaces the mapping). */
  readonly attributeMapping?: unknown
  /** Sets the mapping to what this IdP product sends by default. */
  readonly attributeMappingPreset?: PresetName
  /** The IdP product it is set up with: picks the guide and, unless a mapping is given, the preset. */
  readonly idpProduct?: IdPProduct | null
}

/** Settings from the input, validated; metadata XML fills in entity ID, SSO URL and certificates. */
export function profileSettings(input: ProfileInput, now: number, allowHttpIdP: boolean) {
  if (input.clockSkewSeconds !== undefined) {
    const skew = input.clockSkewSeconds
    if (!Number.isInteger(skew) || skew < 0 || skew > MAX_CLOCK_SKEW_SECONDS) {
      throw new AppError('sso.invalid_settings', { details: { field: 'clockSkewSeconds' } })
    }
  }
  if (input.signaturePolicy !== undefined) validateSignaturePolicy(input.signaturePolicy)
  if (input.assertionEncryption !== undefined)
    validateAssertionEncryption(input.assertionEncryption)
  let idpEntityId =
    input.idpEntityId === undefined ? undefined : validateEntityId(input.idpEntityId)
  let idpSsoUrl =
    input.idpSsoUrl === undefined ? undefined : validateSsoUrl(input.idpSsoUrl, allowHttpIdP)
  if (input.certificates !== undefined) assertCertificateCount(input.certificates.length)
  let certificates: PinnedCertificate[] | undefined = input.certificates?.map((pem) =>
    parsePinnedCertificate(pem, now),
  )
  let idpMetadataValidUntil: number | undefined
  let cacheDurationMs: number | undefined
  if (input.idpMetadataXml !== undefined) {
    const metadata = parseIdPMetadata(input.idpMetadataXml, now)
    idpEntityId ??= metadata.entityId
    idpSsoUrl ??= validateSsoUrl(metadata.ssoUrl, allowHttpIdP)
    certificates ??= [...metadata.certificates]
    idpMetadataValidUntil = metadata.validUntil
    cacheDurationMs = metadata.cacheDurationMs
  }
  return {
    idpEntityId,
    idpSsoUrl,
    certificates,
    idpMetadataXml: input.idpMetadataXml,
    idpMetadataFetchedAt: input.idpMetadataXml === undefined ? undefined : now,
    idpMetadataValidUntil,
    cacheDurationMs,
  }
}

/**
 * Whether a change of IdP settings needs a new connection test: a new entity ID or SSO URL does; new
 * certificates do unless the one that verified the last passed test is still pinned (so a rotation —
 * add the new certificate, test, remove the old — keeps enforcement working throughout); an assertion
 * encryption setting that would refuse the last tested response does (`required` after a plaintext
 * test, `off` after an encrypted one).
 */
export function needsNewTest(
  existing: SSOProfile,
  settings: {
    idpEntityId?: string | undefined
    idpSsoUrl?: string | undefined
    certificates?: readonly PinnedCertificate[] | undefined
    assertionEncryption?: AssertionEncryption | undefined
  },
): boolean {
  if (settings.idpEntityId !== undefined && settings.idpEntityId !== existing.idpEntityId)
    return true
  if (settings.idpSsoUrl !== undefined && settings.idpSsoUrl !== existing.idpSsoUrl) return true
  const encryption = existing.lastTestResult?.['encryption'] as { encrypted?: unknown } | null
  const testedEncrypted = encryption?.encrypted === true
  if (settings.assertionEncryption === 'required' && !testedEncrypted) return true
  if (settings.assertionEncryption === 'off' && testedEncrypted) return true
  if (settings.certificates === undefined) return false
  const signature = existing.lastTestResult?.['signature'] as { certificate?: unknown } | null
  const tested = signature?.certificate
  return !settings.certificates.some((c) => c.sha256Fingerprint === tested)
}
