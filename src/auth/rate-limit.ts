/**
 * Login throttling rules, pure (SPEC §3.4). Failures are counted in the database per account (the
 * canonical email, known or not, so the throttle reveals nothing) and per client address; each count
 * resets after a quiet window, and past the limit every further failure doubles the lock.
 */

export interface RateLimitRule {
  /** Failures are forgotten after this long without one. */
  readonly quietWindowMs: number
  /** Failures allowed before a lock. */
  readonly maxFailures: number
  /** First lock; doubles with every further failure. */
  readonly baseLockMs: number
  readonly maxLockMs: number
}

const MINUTE = 60_000

export const RATE_LIMITS = Object.freeze({
  account: {
    quietWindowMs: 15 * MINUTE,
    maxFailures: 5,
    baseLockMs: MINUTE,
    maxLockMs: 60 * MINUTE,
  },
  address: {
    quietWindowMs: 15 * MINUTE,
    maxFailures: 50,
    baseLockMs: 15 * MINUTE,
    maxLockMs: 60 * MINUTE,
  },
  /** Unsolicited SAML responses turned into logins, per client address (SECURITY-CASES FLOW-04). */
  conversion: {
    quietWindowMs: MINUTE,
    maxFailures: 20,
    baseLockMs: MINUTE,
    maxLockMs: 15 * MINUTE,
  },
} as const satisfies Record<string, RateLimitRule>)

export type RateLimitKind = keyof typeof RATE_LIMITS

export function rateLimitKey(kind: RateLimitKind, subject: string): string {
  return `login:${kind}:${subject}`
}

/** When the subject with `failures` failures so far is locked until, or null when it is not. */
export function lockUntil(rule: RateLimitRule, failures: number, now: number): number | null {
  if (failures < rule.maxFailures) return null
  const doublings = Math.min(failures - rule.maxFailures, 30)
  return now + Math.min(rule.maxLockMs, rule.baseLockMs * 2 ** doublings)
}
