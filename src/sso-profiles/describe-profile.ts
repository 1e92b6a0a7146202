/** An SSO profile as the Admin API and the event log show it: what it is, serves, and warns about. */
import { describeCertificate } from '../saml/certificates.ts'
import { profileWarnings, type ProfileWarning } from './expiry.ts'
import { isUsable, spEndpoints, type SSOProfile } from './sso-profile.ts'

/** A profile with what it serves and whether it can sign users in now. */
export interface ProfileView {
  readonly profile: SSOProfile
  readonly domains: readonly string[]
  readonly usable: boolean
  readonly warnings: readonly ProfileWarning[]
}

/** The view of `profile` given the organization's domains, at `now`. */
export function profileView(
  profile: SSOProfile,
  domains: readonly { readonly name: string; readonly ssoProfileId: string | null }[],
  now: number,
): ProfileView {
  return {
    profile,
    domains: domains.filter((d) => d.ssoProfileId === profile.id).map((d) => d.name),
    usable: isUsable(profile, now),
    warnings: profileWarnings(profile, now),
  }
}

export function describeWarning(warning: ProfileWarning) {
  return {
    code: warning.code,
    at: warning.at === null ? null : new Date(warning.at).toISOString(),
    message: warning.message,
  }
}

export function describeProfile(view: ProfileView, publicUrl: string) {
  const { profile, domains } = view
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  const result = profile.lastTestResult
  return {
    id: profile.id,
    name: profile.name,
    status: profile.status,
    idpEntityId: profile.idpEntityId,
    idpSsoUrl: profile.idpSsoUrl,
    idpMetadata: {
      url: profile.idpMetadataUrl,
      fetchedAt: iso(profile.idpMetadataFetchedAt),
      validUntil: iso(profile.idpMetadataValidUntil),
      error: profile.idpMetadataError,
    },
    certificates: profile.certificates.map((c) => ({
      sha256Fingerprint: c.sha256Fingerprint,
      notBefore: new Date(c.notBefore).toISOString(),
      notAfter: new Date(c.notAfter).toISOString(),
      ...describeCertificate(c.pem),
    })),
    signRequests: profile.signRequests,
    signaturePolicy: profile.signaturePolicy,
    assertionEncryption: profile.assertionEncryption,
    clockSkewSeconds: profile.clockSkewSeconds,
    attributeMapping: { ...profile.attributeMapping },
    defaultClientId: profile.defaultClientId,
    domains: [...domains],
    sp: spEndpoints(publicUrl, profile.id),
    usable: view.usable,
    metadataChangePolicy: profile.metadataChangePolicy,
    idpProduct: profile.idpProduct,
    stagedMetadata:
      profile.stagedMetadata === null
        ? null
        : {
            at: new Date(profile.stagedMetadata.at).toISOString(),
            status: profile.stagedMetadata.status,
            certificatesAdded: [...profile.stagedMetadata.changes.certificatesAdded],
            certificatesRemoved: [...profile.stagedMetadata.changes.certificatesRemoved],
            ssoUrl: profile.stagedMetadata.changes.ssoUrl,
          },
    warnings: view.warnings.map(describeWarning),
    lastTest:
      profile.lastTestAt === null || result === null
        ? null
        : {
            at: new Date(profile.lastTestAt).toISOString(),
            passed: result['passed'] === true,
            result: { ...result },
          },
  }
}
