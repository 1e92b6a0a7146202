/**
 * Login throttling rules, pure (SPEC §3.4). Every attempt is counted in the database *before* the
 * password is checked, by one atomic statement per key, so N concurrent attempts can never get past a
 * limit. Two kinds of rule:
 *  - a lock rule admits `maxAttempts` attempts per quiet window; the attempt that reaches the limit
 *    locks the key, and each further admitted attempt doubles the lock up to `maxLockMs`;
 *  - a slow-down rule admits `freeAttempts` at once, then spaces attempts by a doubling delay up to
 *    `maxDelayMs`: each waits for its slot, and is refused when its slot is more than `maxWaitMs` away.
 * The account-and-address pair locks (it hurts the attacker's address, not the victim); the account
 * alone is only slowed down, so nobody can lock an account from elsewhere.
 */

export interface LockRule {
  readonly kind: 'lock'
  /** Attempts are forgotten after this long without one (and after the lock ended). */
  readonly quietWindowMs: number
  /** Attempts admitted before the key locks; the last of them sets the lock. */
  readonly maxAttempts: number
  /** First lock; doubles with every further admitted attempt. */
  readonly baseLockMs: number
  readonly maxLockMs: number
}

export interface SlowRule {
  readonly kind: 'slow'
  readonly quietWindowMs: number
  /** Attempts admitted without delay per quiet window. */
  readonly freeAttempts: number
  /** Spacing after the free attempts; doubles with each attempt up to `maxDelayMs`. */
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  /** An attempt whose slot is further away than this is refused (`login.rate_limited`). */
  readonly maxWaitMs: number
}

const SECOND = 1000
const MINUTE = 60 * SECOND

export const RATE_LIMITS = Object.freeze({
  /** One account from one client address: 5 attempts, then 1 min locks doubling to 1 h. */
  pair: {
    kind: 'lock',
    quietWindowMs: 15 * MINUTE,
    maxAttempts: 5,
    baseLockMs: MINUTE,
    maxLockMs: 60 * MINUTE,
  },
  /** One client address across accounts (password spraying): 50, then 15 min locks doubling to 1 h. */
  address: {
    kind: 'lock',
    quietWindowMs: 15 * MINUTE,
    maxAttempts: 50,
    baseLockMs: 15 * MINUTE,
    maxLockMs: 60 * MINUTE,
  },
  /**
   * One account from anywhere (a distributed attack): 20 attempts at once, then 1 s, 2 s, … up to 30 s
   * apart — at most 120 an hour — each waiting up to 30 s for its turn. Slows down, never locks.
   */
  account: {
    kind: 'slow',
    quietWindowMs: 15 * MINUTE,
    freeAttempts: 20,
    baseDelayMs: SECOND,
    maxDelayMs: 30 * SECOND,
    maxWaitMs: 30 * SECOND,
  },
  /** Password-reset requests for one email, from anywhere: 5 an hour, then an hour's pause. */
  resetAccount: {
    kind: 'lock',
    quietWindowMs: 60 * MINUTE,
    maxAttempts: 5,
    baseLockMs: 60 * MINUTE,
    maxLockMs: 60 * MINUTE,
  },
  /** Password-reset requests from one client address, for any emails: 20, then 15 min locks. */
  resetAddress: {
    kind: 'lock',
    quietWindowMs: 15 * MINUTE,
    maxAttempts: 20,
    baseLockMs: 15 * MINUTE,
    maxLockMs: 60 * MINUTE,
  },
  /** Unsolicited SAML responses turned into logins, per client address (SECURITY-CASES FLOW-04). */
  conversion: {
    kind: 'lock',
    quietWindowMs: MINUTE,
    maxAttempts: 20,
    baseLockMs: MINUTE,
    maxLockMs: 15 * MINUTE,
  },
} as const satisfies Record<string, LockRule | SlowRule>)

export type RateLimitKind = keyof typeof RATE_LIMITS

export function rateLimitKey(kind: RateLimitKind, ...subject: readonly string[]): string {
  return `login:${kind}:${subject.join('|')}`
}

/** The lock set by the admitted attempt number `attempts`, in ms; 0 below the limit. */
export function lockDuration(rule: LockRule, attempts: number): number {
  if (attempts < rule.maxAttempts) return 0
  const doublings = Math.min(attempts - rule.maxAttempts, 30)
  return Math.min(rule.maxLockMs, rule.baseLockMs * 2 ** doublings)
}

/** The spacing after attempt number `attempts`, in ms; 0 for the free attempts. */
export function slowDownDelay(rule: SlowRule, attempts: number): number {
  if (attempts <= rule.freeAttempts) return 0
  const doublings = Math.min(attempts - rule.freeAttempts - 1, 30)
  return Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** doublings)
}

/**
 * A doubling schedule as a short table, so SQL can look the value up in the same statement that
 * counts: `[attempts, value]` rows up to the first that reaches the cap, which holds after it.
 */
export function schedule(
  value: (attempts: number) => number,
  from: number,
  cap: number,
): { rows: [number, number][]; cap: number } {
  const rows: [number, number][] = []
  for (let attempts = from; rows.length < 40; attempts++) {
    const v = value(attempts)
    if (v >= cap) break
    rows.push([attempts, v])
  }
  return { rows, cap }
}

/** What the counting statement decided for one attempt. */
export interface Admission {
  /** Attempts counted in the current window, this one included. */
  readonly attempts: number
  /** When this attempt may go ahead (now, or a later slot); null when refused. */
  readonly admittedAt: number | null
  /** The key's lock (lock rules) or next free slot (slow-down rules), if any. */
  readonly until: number | null
}

/** Seconds to tell a refused caller to wait (`Retry-After`), at least 1. */
export function retryAfterSeconds(admission: Admission, rule: LockRule | SlowRule, now: number) {
  const until = admission.until ?? now
  const wait = rule.kind === 'lock' ? until - now : until - rule.maxWaitMs - now
  return Math.max(1, Math.ceil(wait / 1000))
}
