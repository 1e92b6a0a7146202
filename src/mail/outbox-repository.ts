/** Storage interface for the mail outbox. */
import type { OutboxMessage } from './outbox.ts'

export interface OutboxRepository {
  /** Queues a message; false when one with the same dedupe key exists (nothing is written). */
  enqueue(message: OutboxMessage): Promise<boolean>
  /** Unsent messages due at `now` that have tries left, oldest first. */
  listDue(now: number, limit: number, maxAttempts: number): Promise<OutboxMessage[]>
  /** Queues many at once (no dedupe keys). */
  enqueueMany(messages: readonly OutboxMessage[]): Promise<void>
  markSent(id: string, now: number): Promise<void>
  /** Marks it done without sending, with the reason (e.g. the invitation was accepted meanwhile). */
  markSkipped(id: string, now: number, reason: string): Promise<void>
  markFailed(id: string, error: string, retryAt: number): Promise<void>
}
