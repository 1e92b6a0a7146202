/**
 * What is about to stop a profile from working, pure: metadata past or near its validUntil, pinned
 * certificates near their end (SAML Metadata §2.3.1: expired metadata is not used). Shown in the API
 * from 30 days before; mailed to the organization's admins and written to the event log at 30, 14 and 7
 * days before and once it has expired.
 */
import { isMetadataExpired, type SSOProfile } from './sso-profile.ts'

const DAY_MS = 24 * 3600_000
/** The warnings' thresholds, in days before the expiry, largest first. */
export const WARNING_THRESHOLDS_DAYS = [30, 14, 7] as const
export const EXPIRY_WARNING_MS = WARNING_THRESHOLDS_DAYS[0] * DAY_MS

/**
 * Which threshold a warning has reached at `now`: the smallest of 30, 14 and 7 days that the time left
 * is within, or 0 once it has expired. Each is announced once.
 */
export function warningThreshold(warning: ProfileWarning, now: number): number {
  if (warning.at === null || warning.at <= now) return 0
  const left = warning.at - now
  return WARNING_THRESHOLDS_DAYS.filter((days) => left <= days * DAY_MS).at(-1) ?? 0
}

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
