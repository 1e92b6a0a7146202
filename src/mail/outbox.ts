/**
 * The mail outbox: messages to administrators are written in the transaction of what they report and
 * sent later by the job runner, retried with backoff, so a crash or an SMTP outage loses none.
 */
import type { Clock } from '../platform/clock.ts'
import type { MailMessage } from '../platform/mail.ts'
import { newId } from '../platform/random.ts'

export interface OutboxMessage extends MailMessage {
  readonly id: string
  readonly orgId: string | null
  /** At most one message per key; null for none. */
  readonly dedupeKey: string | null
  readonly createdAt: number
  readonly sendAfter: number
  readonly attempts: number
}

export function outboxMessage(
  clock: Clock,
  orgId: string | null,
  message: MailMessage,
  dedupeKey: string | null = null,
): OutboxMessage {
  const now = clock.now()
  return { id: newId(), orgId, ...message, dedupeKey, createdAt: now, sendAfter: now, attempts: 0 }
}

/** A failed send is retried after 1, 2, 4 … minutes, at most every 6 hours; given up after 20 tries. */
export const MAX_SEND_ATTEMPTS = 20

export function retryDelayMs(attempts: number): number {
  return Math.min(6 * 3600_000, 60_000 * 2 ** Math.min(attempts, 20))
}
