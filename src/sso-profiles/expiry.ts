/**
 * What is about to stop a profile from working, pure: metadata past or near its validUntil, pinned
 * certificates near their end (SAML Metadata §2.3.1: expired metadata is not used). Shown in the API
 * from 14 days before, and mailed to the organization's admins once per expiry.
 */
import { isMetadataExpired, type SSOProfile } from './sso-profile.ts'

export const EXPIRY_WARNING_MS = 14 * 24 * 3600_000

export interface ProfileWarning {
  readonly code:
    | 'metadata_expired'
    | 'metadata_expires_soon'
    | 'certificates_expired'
    | 'certificate_expires_soon'
  /** When it expires or expired. */
  readonly at: number | null
  readonly message: string
}

export function profileWarnings(profile: SSOProfile, now: number): ProfileWarning[] {
  const warnings: ProfileWarning[] = []
  const validUntil = profile.idpMetadataValidUntil
  if (validUntil !== null && isMetadataExpired(profile, now)) {
    warnings.push({
      code: 'metadata_expired',
      at: validUntil,
      message:
        'The IdP metadata has expired: single sign-on through this profile is off until it is renewed.',
    })
  } else if (validUntil !== null && validUntil - now <= EXPIRY_WARNING_MS) {
    warnings.push({
      code: 'metadata_expires_soon',
      at: validUntil,
      message:
        'The IdP metadata expires soon; without fresh metadata, single sign-on through this profile stops then.',
    })
  }
  const live = profile.certificates.filter((c) => c.notAfter > now)
  if (profile.certificates.length > 0 && live.length === 0) {
    warnings.push({
      code: 'certificates_expired',
      at: Math.max(...profile.certificates.map((c) => c.notAfter)),
      message:
        'Every pinned IdP certificate has expired: single sign-on through this profile is off.',
    })
  } else {
    // Only when nothing outlives it: a rotation that already pinned the next certificate is fine.
    const last = Math.max(...live.map((c) => c.notAfter))
    if (live.length > 0 && last - now <= EXPIRY_WARNING_MS) {
      warnings.push({
        code: 'certificate_expires_soon',
        at: last,
        message:
          'The last valid IdP certificate expires soon; pin the IdP’s next certificate before then.',
      })
    }
  }
  return warnings
}
