/**
 * SSO enforcement rules (SPEC §4), pure: which domains may be enforced, and whether the organization's
 * owners and admins would keep a way in that does not depend on the IdP (the lock-out warning).
 */
import type { ErrorCode } from '../errors/codes.ts'
import { isTestedProfile, type SSOProfileSummary } from '../sso-profiles/sso-profile.ts'
import type { User } from '../users/user.ts'
import { isVerified, type Domain } from './domain.ts'

/** Why `domain` cannot be enforced, or undefined when it can. */
export function enforcementBlocker(
  domain: Domain | undefined,
  profiles: ReadonlyMap<string, SSOProfileSummary>,
): ErrorCode | undefined {
  if (domain === undefined) return 'enforcement.unknown_domain'
  if (!isVerified(domain.status)) return 'enforcement.unverified_domain'
  const profile = domain.ssoProfileId === null ? undefined : profiles.get(domain.ssoProfileId)
  if (!isTestedProfile(profile)) return 'enforcement.untested_profile'
  return undefined
}

/** The domain part of a canonical email. */
export function emailDomain(emailCanonical: string): string {
  return emailCanonical.slice(emailCanonical.lastIndexOf('@') + 1)
}

/**
 * True when `user` is an active owner or admin who could still sign in with a password with `enforced`
 * domains enforced: their override disables SSO, or their domain is not enforced and no override forces SSO.
 */
export function keepsPasswordWayIn(user: User, enforced: ReadonlySet<string>): boolean {
  if (user.status !== 'active' || user.role === 'member') return false
  if (user.ssoOverride === 'disabled') return true
  return user.ssoOverride === 'none' && !enforced.has(emailDomain(user.emailCanonical))
}
