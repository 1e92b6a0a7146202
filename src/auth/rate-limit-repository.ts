/** Storage interface for login throttling counters, shared by every instance. */

export interface RateLimitRepository {
  /**
   * Adds one failure to `key`, atomically, first forgetting earlier ones when the last was more than
   * `quietWindowMs` ago; returns the failure count now.
   */
  recordFailure(key: string, quietWindowMs: number, now: number): Promise<number>
  /** Extends the lock of `key` to `until` (never shortens it). */
  lock(key: string, until: number): Promise<void>
  /** The latest lock deadline among `keys` that is still in the future, if any, per key. */
  lockedUntil(keys: readonly string[], now: number): Promise<ReadonlyMap<string, number>>
  reset(key: string): Promise<void>
}
