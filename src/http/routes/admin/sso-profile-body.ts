/** The Admin API's JSON for an SSO profile (schema `SSOProfile`): what it is, serves, and warns about. */
import { describeCertificate } from '../../../saml/certificates.ts'
import { spEndpoints } from '../../../sso-profiles/sso-profile.ts'
import type { ProfileView } from '../../../services/organization/sso-profile-service.ts'
import { warningBody } from './enforcement-routes.ts'
import type { SSOProfileBody } from './sso-profile-schemas.ts'

export function toProfileBody(view: ProfileView, publicUrl: string): SSOProfileBody {
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
    clockSkewSeconds: profile.clockSkewSeconds,
    attributeMapping: { ...profile.attributeMapping },
    defaultClientId: profile.defaultClientId,
    domains: [...domains],
    sp: spEndpoints(publicUrl, profile.id),
    usable: view.usable,
    metadataChangePolicy: profile.metadataChangePolicy,
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
    warnings: view.warnings.map(warningBody),
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
