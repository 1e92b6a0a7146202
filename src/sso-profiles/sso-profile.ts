/**
 * SSO profiles (SPEC §2, §4), as far as enforcement needs them: whether a profile is active and has passed
 * a connection test. The SAML issue adds the IdP settings and the rest.
 */

export const SSO_PROFILE_STATUSES = ['active', 'disabled'] as const
export type SSOProfileStatus = (typeof SSO_PROFILE_STATUSES)[number]

export interface SSOProfileSummary {
  readonly id: string
  readonly orgId: string
  readonly name: string
  readonly status: SSOProfileStatus
  /** When the last connection test passed; null if none has. */
  readonly lastTestPassedAt: number | null
}

/** A profile may carry enforcement only when it is active and its last connection test passed (SPEC §4). */
export function isTestedProfile(profile: SSOProfileSummary | undefined): boolean {
  return profile !== undefined && profile.status === 'active' && profile.lastTestPassedAt !== null
}
