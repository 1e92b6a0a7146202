/**
 * The mail outbox: messages to administrators are written in the transaction of what they report and
 * sent later by the job runner, retried with backoff, so a crash or an SMTP outage loses none.
 */
import type { Clock } from '../platform/clock.ts'
import type { MailMessage } from '../platform/mail.ts'
import { newId } from '../platform/random.ts'

/**
 * `text`: sent as stored. The others carry a secret (a link) and are rendered when sent, so the secret is
 * never at rest in the outbox: the row names what to render (`refId`), and the renderer may decide there is
 * nothing to send any more (the user was activated or removed meanwhile).
 */
export const OUTBOX_KINDS = [
  'text',
  'invitation',
  'password_reset',
  'password_reset_forced',
] as const
export type OutboxKind = (typeof OUTBOX_KINDS)[number]

export interface OutboxMessage extends MailMessage {
  readonly id: string
  readonly kind: OutboxKind
  /** What a rendered message is about (a user id); null for `text`. */
  readonly refId: string | null
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
  return {
    id: newId(),
    kind: 'text',
    refId: null,
    orgId,
    ...message,
    dedupeKey,
    createdAt: now,
    sendAfter: now,
    attempts: 0,
  }
}

/** A message rendered when it is sent (see OUTBOX_KINDS); `to` is where it goes. */
export function renderedLater(
  clock: Clock,
  orgId: string | null,
  kind: Exclude<OutboxKind, 'text'>,
  refId: string,
  to: string,
): OutboxMessage {
  return { ...outboxMessage(clock, orgId, { to, subject: '', text: '' }), kind, refId }
}

/** A failed send is retried after 1, 2, 4 … minutes, at most every 6 hours; given up after 20 tries. */
export const MAX_SEND_ATTEMPTS = 20

export function retryDelayMs(attempts: number): number {
  return Math.min(6 * 3600_000, 60_000 * 2 ** Math.min(attempts, 20))
}
