/** Storage interface for login throttling counters, shared by every instance. */
import type { Admission, LockRule, SlowRule } from './rate-limit.ts'

export interface RateLimitRepository {
  /**
   * Counts one attempt against `key` under a lock rule, in one atomic statement: refused (not counted)
   * while the key is locked; otherwise counted — after forgetting a quiet window — and admitted, the
   * attempt that reaches the limit setting the lock.
   */
  admitLocked(key: string, rule: LockRule, now: number): Promise<Admission>
  /**
   * Counts one attempt against `key` under a slow-down rule, in one atomic statement: the free attempts
   * are admitted now; later ones reserve the next slot, or are refused when it is too far away.
   */
  admitSlowed(key: string, rule: SlowRule, now: number): Promise<Admission>
  /** Takes back one counted attempt that turned out legitimate; a lock below its limit ends. */
  refund(key: string, rule: LockRule | SlowRule): Promise<void>
  reset(key: string): Promise<void>
}
