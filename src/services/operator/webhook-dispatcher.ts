/**
 * The outbox of webhooks and logout tokens (issue 24), drained by two jobs on any instance.
 *
 * Fan-out turns the event log into deliveries: under the fan-out cursor's row lock it reads the events
 * after the cursor (numbered in commit order, so none is skipped), queues one delivery per endpoint that
 * takes the type and one logout token per client that received tokens in a session that ended, and
 * moves the cursor — one transaction, so every event becomes its deliveries exactly once.
 *
 * Delivery claims due deliveries with a lease (one statement: of two instances, each delivery goes to
 * one), a few per destination. Destinations are tried side by side (at most DESTINATIONS_AT_ONCE), a
 * destination's deliveries one after another; a failure postpones the rest of that destination with it,
 * so a slow or dead endpoint costs one deadline per backoff step and never holds another endpoint or a
 * sign-in. After its last try a delivery has failed, and its endpoint is marked failing and reported
 * once (`webhook_endpoint.failing` event, metric) until a delivery succeeds again.
 */
import { auditEvent } from '../../audit/audit-log.ts'
import type { Actor } from '../../audit/audit-event.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { eventId, type EventType, type StoredEvent } from '../../events/event.ts'
import type { EventRepository } from '../../events/event-repository.ts'
import { logoutTokenClaims, signLogoutToken } from '../../oidc/logout-token.ts'
import type { OIDCClientRepository } from '../../oidc/oidc-client-repository.ts'
import { purposeForAlg } from '../../oidc/signing-key.ts'
import type { Clock } from '../../platform/clock.ts'
import { FetchError, postGuarded } from '../../platform/fetch.ts'
import { metrics } from '../../platform/metrics.ts'
import { newId } from '../../platform/random.ts'
import type { SecretBox } from '../../platform/secret-box.ts'
import type { Store } from '../../platform/store.ts'
import type { SessionRepository } from '../../sessions/session-repository.ts'
import {
  isDelivered,
  eventPayload,
  nextAttemptAfter,
  type WebhookDelivery,
} from '../../webhooks/webhook-delivery.ts'
import { receives, type WebhookEndpoint } from '../../webhooks/webhook-endpoint.ts'
import type { WebhookRepository } from '../../webhooks/webhook-repository.ts'
import { signatureHeaders } from '../../webhooks/webhook-signature.ts'
import type { SigningKeyService } from '../sign-in/signing-key-service.ts'

export interface WebhookDispatcherDeps {
  readonly store: Store<{
    webhooks: WebhookRepository
    events: EventRepository
    sessions: SessionRepository
    clients: OIDCClientRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
  readonly secrets: SecretBox
  readonly keys: SigningKeyService
  readonly issuer: string
  /** The deadline of one try (default 10 s): a 2xx within it delivers. */
  readonly timeoutMs: number
  /** Lets endpoints and back-channel logout URIs resolve to internal addresses (off: SSRF guard). */
  readonly allowPrivate: boolean
  /** Jitter source in [0, 1) (tests pin it). */
  readonly random?: () => number
}

/** Events turned into deliveries per fan-out transaction. */
const FAN_OUT_BATCH = 500
/** Deliveries claimed per round, and per destination within it. */
const CLAIM_LIMIT = 64
const CLAIM_PER_DESTINATION = 4
const DESTINATIONS_AT_ONCE = 8
/** How much of a receiver's answer is read (and dropped) before the connection is closed. */
const ANSWER_READ_BYTES = 64 * 1024
/** A delivery to a disabled endpoint waits this long before it is looked at again. */
const DISABLED_RECHECK_MS = 60_000
const USER_AGENT = 'Portcullis-Webhooks/1'
const DELIVERY_ACTOR: Actor = Object.freeze({ type: 'system', id: 'webhook-delivery' })

export interface DrainResult {
  readonly delivered: number
  readonly retried: number
  readonly failed: number
  /** When the next delivery is due (the job runner polls again then); null when none is pending. */
  readonly wakeAt: number | null
}

export class WebhookDispatcher {
  readonly #deps: WebhookDispatcherDeps

  constructor(deps: WebhookDispatcherDeps) {
    this.#deps = deps
  }

  /**
   * Whether there are events not yet fanned out or deliveries due (three one-row reads): for work this
   * instance was not told of — events committed by another process, deliveries a dead instance held.
   */
  async hasWork(): Promise<boolean> {
    const { store, clock } = this.#deps
    const [last, cursor, due] = await Promise.all([
      store.read.events.lastSeq(),
      store.read.webhooks.fanOutCursor(),
      store.read.webhooks.nextDue(),
    ])
    return last > cursor || (due !== null && due <= clock.now())
  }

  /** Turns the events after the cursor into deliveries; returns how many events it took. */
  async fanOut(signal?: AbortSignal): Promise<{ events: number; deliveries: number }> {
    let events = 0
    let deliveries = 0
    while (signal?.aborted !== true) {
      const batch = await this.#deps.store.transaction(async (repos) => {
        const cursor = await repos.webhooks.lockFanOutCursor()
        // Numbers follow commit order, so every event up to `last` is committed; an endpoint made
        // after this read starts after `last` (its making reads lastSeq under this same lock). So the
        // endpoints read next are all that can be owed an event up to `last`, and only the events of
        // types they take (and session.revoked: logout tokens) need reading; the cursor passes the rest.
        const last = await repos.events.lastSeq()
        if (last <= cursor) return { events: 0, deliveries: 0, full: false }
        const endpoints = await repos.webhooks.listEndpoints()
        const due = await repos.events.list({
          after: cursor,
          through: last,
          types: owedTypes(endpoints),
          limit: FAN_OUT_BATCH,
        })
        const queued: WebhookDelivery[] = []
        for (const event of due) {
          queued.push(...this.#eventDeliveries(event, endpoints))
          if (event.type === 'session.revoked') queued.push(...(await this.#logouts(event, repos)))
        }
        const full = due.length === FAN_OUT_BATCH
        await repos.webhooks.insertDeliveries(queued)
        await repos.webhooks.setFanOutCursor(full ? due[due.length - 1]!.seq : last)
        return { events: due.length, deliveries: queued.length, full }
      })
      events += batch.events
      deliveries += batch.deliveries
      if (!batch.full) break
    }
    return { events, deliveries }
  }

  /** Tries every due delivery (until none is due or `signal` aborts). */
  async deliverDue(signal?: AbortSignal): Promise<DrainResult> {
    const { store, clock, timeoutMs } = this.#deps
    const tally = { delivered: 0, retried: 0, failed: 0 }
    while (signal?.aborted !== true) {
      const now = clock.now()
      const claimed = await store.read.webhooks.claimDue(
        now,
        now + 2 * timeoutMs + 5_000,
        CLAIM_LIMIT,
        CLAIM_PER_DESTINATION,
      )
      if (claimed.length === 0) break
      const byDestination = new Map<string, WebhookDelivery[]>()
      for (const delivery of claimed) {
        const key = destinationOf(delivery)
        byDestination.set(key, [...(byDestination.get(key) ?? []), delivery])
      }
      const queues = [...byDestination.values()]
      const workers = Array.from({ length: Math.min(DESTINATIONS_AT_ONCE, queues.length) }, () =>
        (async () => {
          for (let queue = queues.shift(); queue !== undefined; queue = queues.shift()) {
            await this.#drainDestination(queue, tally, signal)
          }
        })(),
      )
      await Promise.all(workers)
    }
    return { ...tally, wakeAt: await store.read.webhooks.nextDue() }
  }

  /** One destination's claimed deliveries in order; the first failure postpones the rest with it. */
  async #drainDestination(
    queue: readonly WebhookDelivery[],
    tally: { delivered: number; retried: number; failed: number },
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const { store } = this.#deps
    for (const [index, delivery] of queue.entries()) {
      const rest = queue.slice(index + 1).map((d) => d.id)
      if (signal?.aborted === true) {
        await store.read.webhooks.releaseLeases([delivery.id, ...rest])
        return
      }
      const outcome = await this.#attempt(delivery)
      tally[outcome.result] += 1
      if (outcome.result !== 'delivered') {
        await store.read.webhooks.releaseLeases(rest)
        if (outcome.retryAt !== undefined) {
          await store.read.webhooks.postponeDestination(delivery, outcome.retryAt)
        }
        return
      }
    }
  }

  /** One try of one delivery, recorded in the log with the delivery's new state. */
  async #attempt(
    delivery: WebhookDelivery,
  ): Promise<{ result: 'delivered' | 'retried' | 'failed'; retryAt?: number }> {
    const { store, clock } = this.#deps
    const request = await this.#request(delivery)
    if (request === 'disabled') {
      await store.read.webhooks.postpone(delivery.id, clock.now() + DISABLED_RECHECK_MS)
      return { result: 'retried' }
    }
    const started = clock.now()
    const startedAt = performance.now()
    let status: number | null = null
    let error: string | null = null
    if (typeof request === 'string') {
      error = request
    } else {
      try {
        status = await postGuarded(request.url, request.body, request.headers, {
          timeoutMs: this.#deps.timeoutMs,
          maxBytes: ANSWER_READ_BYTES,
          allowPrivate: this.#deps.allowPrivate,
        })
        if (!isDelivered(status)) error = `HTTP ${status}`
      } catch (failure) {
        error = failure instanceof FetchError ? failure.reason : 'network'
      }
    }
    const now = clock.now()
    const attempts = delivery.attempts + 1
    const delivered = isDelivered(status)
    const retryAt = delivered
      ? undefined
      : nextAttemptAfter(attempts, now, (this.#deps.random ?? Math.random)())
    const result = delivered ? 'delivered' : retryAt === undefined ? 'failed' : 'retried'
    await store.transaction(async ({ webhooks, audit }) => {
      await webhooks.recordAttempt(
        {
          deliveryId: delivery.id,
          endpointId: delivery.endpointId,
          clientId: delivery.clientId,
          messageId: delivery.messageId,
          kind: delivery.kind,
          attemptedAt: started,
          status,
          error,
          latencyMs: Math.round(performance.now() - startedAt),
        },
        {
          status: result === 'retried' ? 'pending' : result,
          attempts,
          nextAttemptAt: retryAt ?? now,
          deliveredAt: delivered ? now : null,
        },
      )
      if (delivery.endpointId === null) return
      if (delivered) await webhooks.markHealthy(delivery.endpointId)
      if (result === 'failed' && (await webhooks.markFailing(delivery.endpointId, now))) {
        metrics.webhookEndpointsFailing.inc()
        await audit.insert(
          auditEvent(clock, {
            orgId: null,
            type: 'webhook.endpoint_failing',
            outcome: 'failure',
            actor: DELIVERY_ACTOR,
            target: { type: 'webhook_endpoint', id: delivery.endpointId },
            details: { clientId: delivery.clientId, messageId: delivery.messageId, attempts },
          }),
        )
      }
    })
    metrics.webhookDeliveries.inc({ kind: delivery.kind, outcome: result })
    return retryAt === undefined ? { result } : { result, retryAt }
  }

  /**
   * What to send: URL, body and headers; 'disabled' for an endpoint switched off; a string when there
   * is nothing to send to (the client no longer has a back-channel logout URI).
   */
  async #request(
    delivery: WebhookDelivery,
  ): Promise<
    { url: string; body: string; headers: Record<string, string> } | 'disabled' | 'no_destination'
  > {
    const { store, clock, secrets } = this.#deps
    if (delivery.endpointId === null) {
      const client = await store.read.clients.findById(delivery.clientId)
      if (client?.backchannelLogoutUri == null || client.disabledAt !== null) {
        return 'no_destination'
      }
      const { sub, sid } = JSON.parse(delivery.payload) as { sub: string; sid: string }
      const { key, privateKey } = await this.#deps.keys.activeKey(purposeForAlg(client.idTokenAlg))
      const token = await signLogoutToken(
        logoutTokenClaims({
          issuer: this.#deps.issuer,
          clientId: client.id,
          userId: sub,
          sid,
          nowMs: clock.now(),
        }),
        key,
        privateKey,
      )
      return {
        url: client.backchannelLogoutUri,
        body: new URLSearchParams({ logout_token: token }).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'user-agent': USER_AGENT,
        },
      }
    }
    const endpoint = await store.read.webhooks.findEndpoint(delivery.endpointId)
    if (endpoint === undefined) return 'no_destination'
    // A test is sent whatever the endpoint's state: that is what the button is for.
    if (!endpoint.enabled && delivery.kind !== 'test') return 'disabled'
    const now = clock.now()
    const keys = [secrets.open(endpoint.secretSealed, endpoint.id)]
    if (endpoint.previousSecretSealed !== null && (endpoint.previousSecretExpiresAt ?? 0) > now) {
      keys.push(secrets.open(endpoint.previousSecretSealed, endpoint.id))
    }
    return {
      url: endpoint.url,
      body: delivery.payload,
      headers: {
        ...signatureHeaders(keys, delivery.messageId, new Date(now), delivery.payload),
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
      },
    }
  }

  #eventDeliveries(event: StoredEvent, endpoints: readonly WebhookEndpoint[]): WebhookDelivery[] {
    const targets = endpoints.filter((endpoint) => receives(endpoint, event.type, event.seq))
    if (targets.length === 0) return []
    const payload = eventPayload(event)
    return targets.map((endpoint) =>
      this.#delivery({
        endpointId: endpoint.id,
        clientId: endpoint.clientId,
        kind: 'event',
        messageId: eventId(event.seq),
        eventSeq: event.seq,
        payload,
      }),
    )
  }

  /** A logout token for every client with a back-channel logout URI that got tokens in the session. */
  async #logouts(
    event: StoredEvent,
    repos: { sessions: SessionRepository; clients: OIDCClientRepository },
  ): Promise<WebhookDelivery[]> {
    const sid = event.data['sid']
    const userId = event.data['userId']
    if (typeof sid !== 'string' || typeof userId !== 'string') return []
    const clientIds = await repos.sessions.clientsOfSession(sid)
    const clients = await Promise.all(clientIds.map((id) => repos.clients.findById(id)))
    return clients.flatMap((client) =>
      client?.backchannelLogoutUri == null
        ? []
        : [
            this.#delivery({
              endpointId: null,
              clientId: client.id,
              kind: 'logout',
              messageId: `${eventId(event.seq)}_${client.id}`,
              eventSeq: event.seq,
              payload: JSON.stringify({ sub: userId, sid }),
            }),
          ],
    )
  }

  #delivery(
    message: Pick<
      WebhookDelivery,
      'endpointId' | 'clientId' | 'kind' | 'messageId' | 'eventSeq' | 'payload'
    >,
  ): WebhookDelivery {
    const now = this.#deps.clock.now()
    return {
      id: newId(),
      ...message,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
      deliveredAt: null,
    }
  }
}

/** Deliveries to one destination go one after another: an endpoint, or a client's logout URI. */
function destinationOf(delivery: WebhookDelivery): string {
  return delivery.endpointId ?? `client:${delivery.clientId}`
}

/**
 * The event types some delivery may come of: those the endpoints take and session.revoked (logout
 * tokens to clients); undefined when an endpoint takes every type.
 */
function owedTypes(endpoints: readonly WebhookEndpoint[]): EventType[] | undefined {
  if (endpoints.some((endpoint) => endpoint.eventTypes.length === 0)) return undefined
  return [...new Set<EventType>(['session.revoked', ...endpoints.flatMap((e) => e.eventTypes)])]
}
