/**
 * The login policy (SPEC §3.3), a pure function decided at login time from the user's override and the
 * domain enforcement of the user's organization: enforcing a domain is one write, not one per user.
 */
import type { DomainLoginFacts } from './domain.ts'
import { isVerified } from './domain.ts'
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
 * `user` is undefined for an unknown email, and at the email step for every email: the decision then
 * depends on the domain alone (what DNS already tells everyone), so it says nothing about whether an
 * account exists. Per-user rules apply only once the user has proven something (SPEC §3.3).
 */
export function decideLoginPolicy(
  user: LoginPolicyUser | undefined,
  domain: DomainLoginFacts | undefined,
): LoginPolicy {
  // Unverified domains cannot be enforced or used for SSO (SPEC §2; SECURITY-CASES TEN-07).
  const verified = domain !== undefined && isVerified(domain.status) ? domain : undefined
  const override = user?.ssoOverride ?? 'none'
  if (user !== undefined && verified !== undefined && verified.orgId !== user.orgId) {
    // A verified domain belongs to one organization (SPEC §2): an account of another organization in
    // it (awaiting adoption) signs in only as the owner's enforcement allows — never around it, and
    // never through the owner's IdP, which cannot sign in a user of another organization.
    return verified.enforced || override === 'enabled'
      ? { kind: 'sso_required', ssoProfileId: null }
      : { kind: 'password' }
  }
  // A plan without SSO (issue 23): passwords, whatever the override says. Turning SSO off lifted any
  // enforcement and sent the users without a password a way to set one.
  if (verified !== undefined && !verified.ssoAvailable) return { kind: 'password' }
  const profileId = verified?.ssoProfileId ?? null
  if (override === 'disabled') return { kind: 'password' }
  if (override === 'enabled') return { kind: 'sso_required', ssoProfileId: profileId }
  if (verified?.enforced === true) return { kind: 'sso_required', ssoProfileId: profileId }
  return profileId === null
    ? { kind: 'password' }
    : { kind: 'password_or_sso', ssoProfileId: profileId }
}
