/**
 * Webhook endpoints (issue 24): where the operator's console hears of events, registered per console
 * client. The signing secret (Standard Webhooks `whsec_…`) is shown once and kept encrypted at rest
 * (SECRETS_KEY): signing needs it back, so it cannot be a hash. A rotation keeps the previous secret
 * signing too until its overlap ends, so a receiver can switch without dropping a delivery.
 */
import { randomBytes } from 'node:crypto'
import { AppError } from '../errors/app-error.ts'
import { readEventTypes, type EventType } from '../events/event.ts'
import { isLoopbackHost } from '../platform/hosts.ts'
import { readName } from '../platform/names.ts'

export interface WebhookEndpoint {
  readonly id: string
  readonly clientId: string
  readonly name: string
  readonly url: string
  /** The types it receives; empty: every type. */
  readonly eventTypes: readonly EventType[]
  /** Sealed `whsec_…` secrets (platform/secret-box.ts). */
  readonly secretSealed: string
  readonly previousSecretSealed: string | null
  readonly previousSecretExpiresAt: number | null
  readonly enabled: boolean
  /** When its deliveries started failing for good (every try used up); null while healthy. */
  readonly failingSince: number | null
  /** The event log's number when it was made: it receives only events after it. */
  readonly startSeq: number
  readonly createdAt: number
  readonly updatedAt: number
}

export const MAX_ENDPOINTS_PER_CLIENT = 10
const MAX_URL_LENGTH = 2000

/** Standard Webhooks secrets: `whsec_` and 32 random bytes, base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}

/** An endpoint URL: https, or http on a loopback host; no credentials, no fragment. */
export function validateEndpointUrl(input: unknown): string {
  const fail = (reason: string) =>
    new AppError('webhook.invalid_url', { details: { field: 'url', reason } })
  if (typeof input !== 'string' || input.length > MAX_URL_LENGTH) throw fail('not a URL')
  let url: URL
  try {
    url = new URL(input)
  } catch {
    throw fail('not an absolute URL')
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw fail('must use https (http only on localhost)')
  }
  if (url.username || url.password) throw fail('must not contain credentials')
  if (input.includes('#')) throw fail('must not contain a fragment')
  return url.href
}

export function validateEndpointName(input: unknown): string {
  const name = readName(input ?? 'Webhook', 100)
  if (name === undefined) {
    throw new AppError('webhook.invalid_name', {
      details: { field: 'name', reason: '1 to 100 printable characters' },
    })
  }
  return name
}

/** The event types an endpoint takes: a list of known types; none (or absent) means all. */
export function validateEndpointTypes(input: unknown): EventType[] {
  if (input === undefined || input === null) return []
  if (!Array.isArray(input)) {
    throw new AppError('event.unknown_type', { details: { field: 'eventTypes' } })
  }
  return [...new Set(readEventTypes(input) ?? [])]
}

/**
 * Whether the endpoint is owed the event: committed after it was made, of a type it takes. A disabled
 * endpoint is owed it too — its deliveries wait until it is enabled again (pausing loses nothing).
 */
export function receives(endpoint: WebhookEndpoint, type: EventType, seq: number): boolean {
  return (
    seq > endpoint.startSeq &&
    (endpoint.eventTypes.length === 0 || endpoint.eventTypes.includes(type))
  )
}

/** What may be shown of an endpoint (never a secret). */
export function describeEndpoint(endpoint: WebhookEndpoint) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  return {
    id: endpoint.id,
    clientId: endpoint.clientId,
    name: endpoint.name,
    url: endpoint.url,
    eventTypes: endpoint.eventTypes,
    enabled: endpoint.enabled,
    failingSince: iso(endpoint.failingSince),
    previousSecretValidUntil:
      endpoint.previousSecretSealed === null ? null : iso(endpoint.previousSecretExpiresAt),
    createdAt: new Date(endpoint.createdAt).toISOString(),
    updatedAt: new Date(endpoint.updatedAt).toISOString(),
  }
}
