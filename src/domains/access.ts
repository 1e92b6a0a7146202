/**
 * The organization's ways in, pure (SPEC §4 lock-out protection). Three facts about one organization,
 * checked after every change that could alter them:
 *  - every enforced domain is served by a profile that can sign users in and passed a connection test;
 *  - the owner, when the login policy makes them use SSO, has such a profile for their domain;
 *  - some active owner or admin can still sign in with a password (else: a lock-out risk to acknowledge).
 */
import { decideLoginPolicy } from './login-policy.ts'
import { isUsable, type SSOProfile } from '../sso-profiles/sso-profile.ts'
import type { User } from '../users/user.ts'
import { isVerified, type Domain } from './domain.ts'

export interface AccessFacts {
  /** The organization's domains. */
  readonly domains: readonly Domain[]
  /** The organization's profiles. */
  readonly profiles: readonly SSOProfile[]
  /** The organization's owners and admins. */
  readonly privileged: readonly User[]
  readonly now: number
}

export interface AccessCheck {
  /** Enforced domains without a usable, tested profile: their users cannot sign in. */
  readonly unservedEnforced: readonly string[]
  /** Owners whom the login policy sends to SSO while no usable, tested profile serves their domain. */
  readonly strandedOwners: readonly string[]
  /** No active owner or admin keeps a way in that does not depend on the IdP. */
  readonly lockoutRisk: boolean
}

/** A profile may carry enforcement when it can sign users in and its last connection test passed. */
export function canCarryEnforcement(profile: SSOProfile | undefined, now: number): boolean {
  return profile !== undefined && isUsable(profile, now) && profile.lastTestPassedAt !== null
}

export function checkAccess(facts: AccessFacts): AccessCheck {
  const profiles = new Map(facts.profiles.map((p) => [p.id, p]))
  const carries = (profileId: string | null) =>
    profileId !== null && canCarryEnforcement(profiles.get(profileId), facts.now)
  const enforced = facts.domains.filter((d) => d.enforcedAt !== null && isVerified(d.status))
  const enforcedNames = new Set(enforced.map((d) => d.name))
  const strandedOwners = facts.privileged
    .filter((user) => user.role === 'owner' && user.status !== 'deactivated')
    .filter((owner) => {
      const name = emailDomain(owner.emailCanonical)
      const domain = facts.domains.find((d) => d.name === name)
      const policy = decideLoginPolicy(
        owner,
        // Enforcement exists only in a plan with SSO (turning sso off lifts it first).
        domain && { ...domain, enforced: domain.enforcedAt !== null, ssoAvailable: true },
      )
      return policy.kind === 'sso_required' && !carries(policy.ssoProfileId)
    })
    .map((owner) => owner.id)
  const active = facts.privileged.filter((u) => u.status === 'active')
  return {
    unservedEnforced: enforced.filter((d) => !carries(d.ssoProfileId)).map((d) => d.name),
    strandedOwners,
    lockoutRisk: active.length > 0 && !active.some((u) => keepsPasswordWayIn(u, enforcedNames)),
  }
}

/** What a change broke: what is true after it and was not before. */
export function newlyBroken(before: AccessCheck, after: AccessCheck): AccessCheck {
  return {
    unservedEnforced: after.unservedEnforced.filter((d) => !before.unservedEnforced.includes(d)),
    strandedOwners: after.strandedOwners.filter((id) => !before.strandedOwners.includes(id)),
    lockoutRisk: after.lockoutRisk && !before.lockoutRisk,
  }
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
