/** Storage interface for the mail outbox. */
import type { OutboxMessage } from './outbox.ts'

export interface OutboxRepository {
  /** Queues a message; false when one with the same dedupe key exists (nothing is written). */
  enqueue(message: OutboxMessage): Promise<boolean>
  /** Unsent messages due at `now` that have tries left, oldest first. */
  listDue(now: number, limit: number, maxAttempts: number): Promise<OutboxMessage[]>
  markSent(id: string, now: number): Promise<void>
  markFailed(id: string, error: string, retryAt: number): Promise<void>
}
