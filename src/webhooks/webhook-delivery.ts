/**
 * Deliveries (issue 24): one row per message to one destination — an event or a test to a webhook
 * endpoint, a logout token to a client's back-channel logout URI — tried until it is answered 2xx
 * within the deadline, with exponential backoff and jitter, at most MAX_ATTEMPTS times. At least once:
 * a delivery is claimed with a lease, so an instance that dies mid-delivery leaves it to another.
 */

import { describeEvent } from '../events/describe-event.ts'
import type { StoredEvent } from '../events/event.ts'

export const DELIVERY_KINDS = ['event', 'test', 'logout'] as const
export type DeliveryKind = (typeof DELIVERY_KINDS)[number]

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

export interface WebhookDelivery {
  readonly id: string
  /** The webhook endpoint, for events and tests; null for a logout token. */
  readonly endpointId: string | null
  readonly clientId: string
  readonly kind: DeliveryKind
  /** The message id (`webhook-id`): the event's id, the same on every try and redelivery. */
  readonly messageId: string
  /** The event's place in the log, for events. */
  readonly eventSeq: number | null
  /** JSON: the body for events and tests; for logout tokens what the token says (signed when sent). */
  readonly payload: string
  readonly status: DeliveryStatus
  readonly attempts: number
  readonly nextAttemptAt: number
  readonly createdAt: number
  readonly deliveredAt: number | null
}

/** One try, for the delivery log (never a secret or the body). */
export interface DeliveryAttempt {
  readonly deliveryId: string
  readonly endpointId: string | null
  readonly clientId: string
  readonly messageId: string
  readonly kind: DeliveryKind
  readonly attemptedAt: number
  /** The HTTP status, or null when there was none (timeout, refused, forbidden address). */
  readonly status: number | null
  readonly error: string | null
  readonly latencyMs: number
}

export const MAX_ATTEMPTS = 8
/** The waits after tries 1…7 (then it has failed): 5 s, 30 s, 2 min, 10 min, 1 h, 4 h, 24 h. */
const BACKOFF_MS = [5_000, 30_000, 120_000, 600_000, 3_600_000, 14_400_000, 86_400_000] as const
/** A body is at most this large; a larger event goes without its data (`dataOmitted`). */
export const MAX_BODY_BYTES = 256 * 1024

/** The body of an event's delivery (fan-out and redelivery alike): the event, or it without its data. */
export function eventPayload(event: StoredEvent): string {
  const described = describeEvent(event)
  const payload = JSON.stringify(described)
  if (Buffer.byteLength(payload) <= MAX_BODY_BYTES) return payload
  // Too large to send: the event goes without its data, which the event API still has.
  return JSON.stringify({ ...described, data: null, dataOmitted: true })
}

/**
 * When to try again after `attempts` tries, with ±20 % jitter (`random` in [0, 1)) so endpoints that
 * failed together do not all come back at once; undefined when the tries are used up.
 */
export function nextAttemptAfter(
  attempts: number,
  now: number,
  random: number,
): number | undefined {
  const base = BACKOFF_MS[attempts - 1]
  if (base === undefined || attempts >= MAX_ATTEMPTS) return undefined
  return now + Math.round(base * (0.8 + 0.4 * random))
}

/** Whether an answer delivers: any 2xx (redirects are not followed). */
export function isDelivered(status: number | null): boolean {
  return status !== null && status >= 200 && status < 300
}
