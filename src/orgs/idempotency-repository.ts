/** Storage interface for idempotency keys. */
import type { IdempotencyRecord } from './idempotency-key.ts'

export interface IdempotencyRepository {
  /**
   * Claims the key for this request (an expired claim is replaced): true when this call claimed it,
   * false when a live claim exists. A concurrent claim of the same key waits for the first one's
   * transaction (PostgreSQL; SQLite serialises writers), so exactly one claims it.
   */
  claim(record: IdempotencyRecord, now: number): Promise<boolean>
  find(operation: string, key: string): Promise<IdempotencyRecord | undefined>
}
