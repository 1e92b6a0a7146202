/**
 * Webhook endpoints of the operator's console clients (issue 24): registered, changed, rotated and
 * removed through the operator API and the CLI, each change audited as a deployment event. The signing
 * secret is returned once and kept sealed (SECRETS_KEY, bound to the endpoint's id). The delivery log,
 * a redelivery of one event and a test message go through the same outbox as every event.
 */
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { AppError } from '../../errors/app-error.ts'
import { eventId, seqOfEventId } from '../../events/event.ts'
import type { EventRepository } from '../../events/event-repository.ts'
import type { OIDCClientRepository } from '../../oidc/oidc-client-repository.ts'
import { isIP } from 'node:net'
import type { Clock } from '../../platform/clock.ts'
import { isInternalAddress } from '../../platform/fetch.ts'
import { isLoopbackHost } from '../../platform/hosts.ts'
import { newId } from '../../platform/random.ts'
import type { SecretBox } from '../../platform/secret-box.ts'
import type { Store } from '../../platform/store.ts'
import {
  eventPayload,
  type DeliveryAttempt,
  type WebhookDelivery,
} from '../../webhooks/webhook-delivery.ts'
import {
  MAX_ENDPOINTS_PER_CLIENT,
  newWebhookSecret,
  validateEndpointName,
  validateEndpointTypes,
  validateEndpointUrl,
  type WebhookEndpoint,
} from '../../webhooks/webhook-endpoint.ts'
import type { WebhookRepository } from '../../webhooks/webhook-repository.ts'

export interface WebhookServiceDeps {
  readonly store: Store<{
    webhooks: WebhookRepository
    events: EventRepository
    clients: OIDCClientRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
  readonly secrets: SecretBox
  /** Whether an endpoint may be at an internal address (WEBHOOK_ALLOW_PRIVATE_ADDRESSES). */
  readonly allowPrivate: boolean
  /** Called after a commit that queued a delivery, so the delivery job runs now rather than later. */
  readonly onQueued?: () => void
}

export interface EndpointInput {
  readonly name?: unknown
  readonly url?: unknown
  readonly eventTypes?: unknown
  readonly enabled?: unknown
}

const DEFAULT_SECRET_OVERLAP_SECONDS = 24 * 3600
const MAX_SECRET_OVERLAP_SECONDS = 7 * 24 * 3600
export const MAX_LOG_ENTRIES = 100

export class WebhookService {
  readonly #deps: WebhookServiceDeps

  constructor(deps: WebhookServiceDeps) {
    this.#deps = deps
  }

  /** A new endpoint of `clientId`; its signing secret is returned this once. */
  async create(
    clientId: string,
    input: EndpointInput,
    actor: Actor,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const { store, clock, secrets } = this.#deps
    const url = this.#url(input.url)
    const name = validateEndpointName(input.name)
    const eventTypes = validateEndpointTypes(input.eventTypes)
    const enabled = readEnabled(input.enabled) ?? true
    const secret = newWebhookSecret()
    const id = newId()
    const now = clock.now()
    const endpoint = await store.transaction(async ({ webhooks, events, clients, audit }) => {
      // The client's row orders concurrent creations, so the limit holds.
      if (!(await clients.lockForChange(clientId))) throw new AppError('client.not_found')
      // Under the fan-out's lock: the events it has passed are all at or before `startSeq`.
      await webhooks.lockFanOutCursor()
      if ((await webhooks.listEndpoints(clientId)).length >= MAX_ENDPOINTS_PER_CLIENT) {
        throw new AppError('webhook.too_many', { details: { limit: MAX_ENDPOINTS_PER_CLIENT } })
      }
      const endpoint: WebhookEndpoint = {
        id,
        clientId,
        name,
        url,
        eventTypes,
        secretSealed: secrets.seal(secret, id),
        previousSecretSealed: null,
        previousSecretExpiresAt: null,
        enabled,
        failingSince: null,
        startSeq: await events.lastSeq(),
        createdAt: now,
        updatedAt: now,
      }
      await webhooks.insertEndpoint(endpoint)
      await audit.insert(this.#audit('webhook.created', actor, endpoint, { url, eventTypes }))
      return endpoint
    })
    return { endpoint, secret }
  }

  async list(clientId?: string): Promise<WebhookEndpoint[]> {
    return this.#deps.store.read.webhooks.listEndpoints(clientId)
  }

  async get(endpointId: string): Promise<WebhookEndpoint> {
    const endpoint = await this.#deps.store.read.webhooks.findEndpoint(endpointId)
    if (endpoint === undefined) throw new AppError('webhook.not_found')
    return endpoint
  }

  /** Changes what `input` names; enabling a failing endpoint makes it healthy again. */
  async update(endpointId: string, input: EndpointInput, actor: Actor): Promise<WebhookEndpoint> {
    const change: Partial<WebhookEndpoint> = {
      ...(input.url === undefined ? {} : { url: this.#url(input.url) }),
      ...(input.name === undefined ? {} : { name: validateEndpointName(input.name) }),
      ...(input.eventTypes === undefined
        ? {}
        : { eventTypes: validateEndpointTypes(input.eventTypes) }),
      ...(input.enabled === undefined ? {} : { enabled: readEnabled(input.enabled) }),
    }
    return this.#change(endpointId, actor, 'webhook.updated', (before) => {
      const fields = (Object.keys(change) as (keyof WebhookEndpoint)[]).filter(
        (field) => JSON.stringify(before[field]) !== JSON.stringify(change[field]),
      )
      const reenabled = change.enabled === true && !before.enabled
      return {
        endpoint: { ...before, ...change, ...(reenabled ? { failingSince: null } : {}) },
        details: Object.fromEntries(
          fields.map((field) => [field, { from: before[field], to: change[field] }]),
        ),
      }
    })
  }

  /**
   * A new signing secret, returned this once; the previous one keeps signing too (a second
   * signature) for `overlapSeconds` (default a day) so the receiver can switch without a gap.
   */
  async rotateSecret(
    endpointId: string,
    overlapSeconds: unknown,
    actor: Actor,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const overlap = overlapSeconds ?? DEFAULT_SECRET_OVERLAP_SECONDS
    if (
      typeof overlap !== 'number' ||
      !Number.isInteger(overlap) ||
      overlap < 0 ||
      overlap > MAX_SECRET_OVERLAP_SECONDS
    ) {
      throw new AppError('request.invalid', {
        details: {
          field: 'previousSecretValidSeconds',
          reason: `0 to ${MAX_SECRET_OVERLAP_SECONDS}`,
        },
      })
    }
    const secret = newWebhookSecret()
    const until = this.#deps.clock.now() + overlap * 1000
    const endpoint = await this.#change(endpointId, actor, 'webhook.secret_rotated', (before) => ({
      endpoint: {
        ...before,
        secretSealed: this.#deps.secrets.seal(secret, before.id),
        previousSecretSealed: overlap === 0 ? null : before.secretSealed,
        previousSecretExpiresAt: overlap === 0 ? null : until,
      },
      details: { previousSecretValidUntil: new Date(until).toISOString() },
    }))
    return { endpoint, secret }
  }

  async delete(endpointId: string, actor: Actor): Promise<void> {
    await this.#deps.store.transaction(async ({ webhooks, audit }) => {
      const endpoint = await webhooks.findEndpoint(endpointId)
      if (endpoint === undefined || !(await webhooks.deleteEndpoint(endpointId))) {
        throw new AppError('webhook.not_found')
      }
      await audit.insert(this.#audit('webhook.deleted', actor, endpoint, { url: endpoint.url }))
    })
  }

  /** The endpoint's last tries, newest first (status, latency, error; never a secret or body). */
  async attempts(endpointId: string, limit = MAX_LOG_ENTRIES): Promise<DeliveryAttempt[]> {
    await this.get(endpointId)
    return this.#deps.store.read.webhooks.listAttempts({ endpointId }, clampLimit(limit))
  }

  /** Queues the event again for this endpoint (a new delivery with the event's own message id). */
  async redeliver(endpointId: string, rawEventId: unknown, actor: Actor): Promise<WebhookDelivery> {
    const seq = typeof rawEventId === 'string' ? seqOfEventId(rawEventId) : Number.NaN
    if (!Number.isSafeInteger(seq)) {
      throw new AppError('request.invalid', { details: { field: 'eventId' } })
    }
    const endpoint = await this.get(endpointId)
    const event = await this.#deps.store.read.events.find(seq)
    if (event === undefined) throw new AppError('event.not_found')
    const body = eventPayload(event)
    return this.#queue(endpoint, actor, 'webhook.redelivery_requested', {
      kind: 'event',
      messageId: eventId(seq),
      eventSeq: seq,
      payload: body,
    })
  }

  /** Queues a `webhook.test` message for this endpoint (whatever types it takes, enabled or not). */
  async sendTest(endpointId: string, actor: Actor): Promise<WebhookDelivery> {
    const endpoint = await this.get(endpointId)
    const now = this.#deps.clock.now()
    const messageId = `msg_test_${newId()}`
    const payload = JSON.stringify({
      id: messageId,
      type: 'webhook.test',
      occurredAt: new Date(now).toISOString(),
      organizationId: null,
      actor: { type: actor.type, id: actor.id },
      data: { endpointId: endpoint.id, clientId: endpoint.clientId },
    })
    return this.#queue(endpoint, actor, 'webhook.test_sent', {
      kind: 'test',
      messageId,
      eventSeq: null,
      payload,
    })
  }

  /**
   * A valid endpoint URL that, unless internal addresses are allowed, does not name one outright (an
   * address, `localhost`); a name is checked on the address it resolves to at every try.
   */
  #url(input: unknown): string {
    const url = validateEndpointUrl(input)
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '')
    const internal = isIP(host) === 0 ? isLoopbackHost(host) : isInternalAddress(host)
    if (internal && !this.#deps.allowPrivate) {
      throw new AppError('webhook.invalid_url', {
        details: {
          field: 'url',
          reason: 'a private or loopback address (WEBHOOK_ALLOW_PRIVATE_ADDRESSES is off)',
        },
      })
    }
    return url
  }

  async #queue(
    endpoint: WebhookEndpoint,
    actor: Actor,
    auditType: string,
    message: Pick<WebhookDelivery, 'kind' | 'messageId' | 'eventSeq' | 'payload'>,
  ): Promise<WebhookDelivery> {
    const now = this.#deps.clock.now()
    const delivery: WebhookDelivery = {
      id: newId(),
      endpointId: endpoint.id,
      clientId: endpoint.clientId,
      ...message,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
      deliveredAt: null,
    }
    await this.#deps.store.transaction(async ({ webhooks, audit }) => {
      await webhooks.insertDeliveries([delivery])
      await audit.insert(this.#audit(auditType, actor, endpoint, { messageId: message.messageId }))
    })
    this.#deps.onQueued?.()
    return delivery
  }

  async #change(
    endpointId: string,
    actor: Actor,
    type: string,
    apply: (before: WebhookEndpoint) => {
      endpoint: WebhookEndpoint
      details: Record<string, unknown>
    },
  ): Promise<WebhookEndpoint> {
    const now = this.#deps.clock.now()
    return this.#deps.store.transaction(async ({ webhooks, audit }) => {
      const before = (await webhooks.lockEndpoint(endpointId))
        ? await webhooks.findEndpoint(endpointId)
        : undefined
      if (before === undefined) throw new AppError('webhook.not_found')
      const { endpoint, details } = apply(before)
      const changed = { ...endpoint, updatedAt: now }
      await webhooks.updateEndpoint(changed)
      await audit.insert(this.#audit(type, actor, changed, details))
      return changed
    })
  }

  #audit(type: string, actor: Actor, endpoint: WebhookEndpoint, details: Record<string, unknown>) {
    return auditEvent(this.#deps.clock, {
      orgId: null,
      type,
      outcome: 'success',
      actor,
      target: { type: 'webhook_endpoint', id: endpoint.id },
      details: { clientId: endpoint.clientId, ...details },
    })
  }
}

function readEnabled(input: unknown): boolean | undefined {
  if (input === undefined) return undefined
  if (typeof input !== 'boolean') {
    throw new AppError('request.invalid', { details: { field: 'enabled', reason: 'a boolean' } })
  }
  return input
}

function clampLimit(limit: number): number {
  return Number.isInteger(limit) && limit > 0 ? Math.min(limit, MAX_LOG_ENTRIES) : MAX_LOG_ENTRIES
}
