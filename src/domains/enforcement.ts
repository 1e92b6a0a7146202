/** SSO enforcement rules (SPEC §4), pure: which domains may be enforced. */
import type { ErrorCode } from '../errors/codes.ts'
import type { SSOProfile } from '../sso-profiles/sso-profile.ts'
import { canCarryEnforcement } from './access.ts'
import { isVerified, type Domain } from './domain.ts'

/** Why `domain` cannot be enforced, or undefined when it can. */
export function enforcementBlocker(
  domain: Domain | undefined,
  profiles: ReadonlyMap<string, SSOProfile>,
  now: number,
): ErrorCode | undefined {
  if (domain === undefined) return 'enforcement.unknown_domain'
  if (!isVerified(domain.status)) return 'enforcement.unverified_domain'
  const profile = domain.ssoProfileId === null ? undefined : profiles.get(domain.ssoProfileId)
  if (!canCarryEnforcement(profile, now)) return 'enforcement.untested_profile'
  return undefined
}
