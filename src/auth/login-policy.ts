/**
 * The login policy (SPEC §3.3), a pure function decided at login time from the user's override and the
 * domain enforcement of the user's organization: enforcing a domain is one write, not one per user.
 */
import type { DomainLoginFacts } from '../domains/domain.ts'
import { isVerified } from '../domains/domain.ts'
import type { SSOOverride } from '../users/user.ts'

export type LoginPolicy =
  /** Password only; SSO is not offered. */
  | { readonly kind: 'password' }
  /** Password, or SSO through `ssoProfileId`. */
  | { readonly kind: 'password_or_sso'; readonly ssoProfileId: string }
  /** SSO only; `ssoProfileId` is null when no profile serves the domain (the user cannot sign in). */
  | { readonly kind: 'sso_required'; readonly ssoProfileId: string | null }

export interface LoginPolicyUser {
  readonly orgId: string
  readonly ssoOverride: SSOOverride
}

/**
 * `user` is undefined for an unknown email: the decision then depends on the domain alone, so it says
 * nothing about whether an account exists.
 */
export function decideLoginPolicy(
  user: LoginPolicyUser | undefined,
  domain: DomainLoginFacts | undefined,
): LoginPolicy {
  // Only a verified domain of the user's own organization counts (SPEC §2: unverified domains cannot
  // be enforced or used for SSO; SECURITY-CASES TEN-07).
  const own =
    domain !== undefined &&
    isVerified(domain.status) &&
    (user === undefined || domain.orgId === user.orgId)
      ? domain
      : undefined
  const profileId = own?.ssoProfileId ?? null
  const override = user?.ssoOverride ?? 'none'
  if (override === 'disabled') return { kind: 'password' }
  if (override === 'enabled') return { kind: 'sso_required', ssoProfileId: profileId }
  if (own?.enforced === true) return { kind: 'sso_required', ssoProfileId: profileId }
  return profileId === null
    ? { kind: 'password' }
    : { kind: 'password_or_sso', ssoProfileId: profileId }
}
