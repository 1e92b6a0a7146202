/** Storage interface for clean-up: rows whose purpose has passed. */

/** How many rows each sweep removed, by table. */
export type SweepResult = Readonly<Record<string, number>>

export interface MaintenanceRepository {
  /**
   * Deletes what can never be used again: expired or finished login transactions, codes, access tokens,
   * pending AuthnRequests, test tickets and replay-cache entries; sessions ended more than `keepEndedMs`
   * ago; throttling counters quiet for `keepEndedMs` and not locked.
   */
  sweepExpired(now: number, keepEndedMs: number): Promise<SweepResult>
}
