/** Storage interface for webhook endpoints, deliveries and their attempts. */
import type { DeliveryAttempt, WebhookDelivery } from './webhook-delivery.ts'
import type { WebhookEndpoint } from './webhook-endpoint.ts'

export interface DeliveryOutcome {
  readonly status: WebhookDelivery['status']
  readonly attempts: number
  readonly nextAttemptAt: number
  readonly deliveredAt: number | null
}

export interface WebhookRepository {
  insertEndpoint(endpoint: WebhookEndpoint): Promise<void>
  findEndpoint(endpointId: string): Promise<WebhookEndpoint | undefined>
  /** Every endpoint, or a client's, oldest first. */
  listEndpoints(clientId?: string): Promise<WebhookEndpoint[]>
  /** Takes the endpoint's row for the rest of the transaction; false when there is none. */
  lockEndpoint(endpointId: string): Promise<boolean>
  /** Replaces the stored endpoint with this one (same id). */
  updateEndpoint(endpoint: WebhookEndpoint): Promise<void>
  deleteEndpoint(endpointId: string): Promise<boolean>
  /** Marks it failing since `at`; true only when it was healthy (one report per failure). */
  markFailing(endpointId: string, at: number): Promise<boolean>
  /** Marks it healthy again; true when it was failing. */
  markHealthy(endpointId: string): Promise<boolean>

  /** The last event the fan-out has turned into deliveries; takes its row for the transaction. */
  lockFanOutCursor(): Promise<number>
  setFanOutCursor(seq: number): Promise<void>
  /** The fan-out's place, read without taking its row. */
  fanOutCursor(): Promise<number>
  insertDeliveries(deliveries: readonly WebhookDelivery[]): Promise<void>
  /**
   * Claims due deliveries in one statement — pending, due at `now`, not leased — at most `perDestination`
   * per endpoint (or client, for logout tokens) and `limit` in all, leased until `leaseUntil`: of two
   * instances claiming at once, each delivery goes to one.
   */
  claimDue(
    now: number,
    leaseUntil: number,
    limit: number,
    perDestination: number,
  ): Promise<WebhookDelivery[]>
  /** Gives back claimed deliveries not tried (their destination failed first in this run). */
  releaseLeases(deliveryIds: readonly string[]): Promise<void>
  /**
   * Moves the pending deliveries of `delivery`'s destination due before `at` to `at`, without counting
   * a try: its destination just failed, and they would fail with it.
   */
  postponeDestination(delivery: WebhookDelivery, at: number): Promise<void>
  /** Moves a delivery's next try to `at` without counting a try (its endpoint is disabled). */
  postpone(deliveryId: string, at: number): Promise<void>
  /** When the earliest pending delivery is due (or its lease runs out); null when none is pending. */
  nextDue(): Promise<number | null>
  /** Writes the try to the log and the delivery's new state, and frees its lease. */
  recordAttempt(attempt: DeliveryAttempt, outcome: DeliveryOutcome): Promise<void>
  /** The last tries of an endpoint (or a client's logout tokens), newest first. */
  listAttempts(
    destination: { readonly endpointId: string } | { readonly clientId: string },
    limit: number,
  ): Promise<DeliveryAttempt[]>
  /** Deletes finished deliveries and attempts older than `before`. */
  sweep(before: number): Promise<number>
}
