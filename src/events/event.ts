/**
 * The event log (issue 24): what the console and the operator learn after a sign-in. One durable,
 * append-only row per change, written in the change's own transaction, numbered in commit order so a
 * consumer that remembers its cursor misses nothing. The types are a closed list; `data` is the resource
 * as the Admin API shows it, never a secret.
 */
import type { ActorType } from '../audit/audit-event.ts'
import { AppError } from '../errors/app-error.ts'

/** Every event type, with what it means (the OpenAPI document and the README list them from here). */
export const EVENT_TYPES = {
  'user.created':
    'A user joined the organization: invited, provisioned by SCIM, imported, or adopted from another.',
  'user.updated':
    'A user changed: names, role (ownership transfer too), SSO setting, email, or accepted an invitation.',
  'user.deactivated': 'A user was deactivated (Admin API, SCIM, import); their sessions ended.',
  'user.reactivated': 'A deactivated user was reactivated.',
  'user.deleted':
    'A user was deleted, or moved to another organization that verified their domain.',
  'session.revoked':
    'A Portcullis session ended before its time: logout, deactivation, deletion, an admin, a shorter lifetime, a password reset, suspension.',
  'organization.created': 'The operator created an organization.',
  'organization.updated':
    'An organization changed: name, external id, plan, settings, owner, suspension.',
  'organization.deleted':
    'The operator deleted an organization (organizationId is null; data names it).',
  'domain.verified':
    'A domain was verified (DNS record, or the operator’s word), or verified again.',
  'domain.verification_failed':
    'Verifying a domain failed, or the daily re-check unverified it after its grace period.',
  'sso_profile.created': 'An SSO profile was created.',
  'sso_profile.updated':
    'An SSO profile changed: its settings, or IdP metadata refreshed or approved.',
  'sso_profile.deleted': 'An SSO profile was deleted.',
  'sso_profile.certificate_expiring':
    'An IdP certificate or the IdP metadata of a profile stops working soon (warned once per expiry).',
  'enforcement.changed': 'The domains that require SSO changed.',
  'import_run.finished': 'A CSV import run finished (or failed).',
  'scim_token.created': 'A SCIM token was created.',
  'scim_token.revoked': 'A SCIM token was revoked.',
  'webhook_endpoint.failing':
    'A webhook endpoint failed every try of a delivery (organizationId is null); it is tried again with the next event.',
} as const

export type EventType = keyof typeof EVENT_TYPES

export interface EventActor {
  readonly type: ActorType
  readonly id: string | null
}

/** An event before it is numbered. */
export interface NewEvent {
  readonly type: EventType
  /** Null for deployment events (an organization's deletion). */
  readonly orgId: string | null
  readonly occurredAt: number
  readonly actor: EventActor
  readonly data: Readonly<Record<string, unknown>>
}

/** An event as stored: `seq` is its place in commit order, unique and never reused. */
export interface StoredEvent extends NewEvent {
  readonly seq: number
}

const ID_PREFIX = 'evt_'
const ID_DIGITS = 16

/** The public id: sortable as text in the order of the log (`evt_0000000000000042`). */
export function eventId(seq: number): string {
  return `${ID_PREFIX}${String(seq).padStart(ID_DIGITS, '0')}`
}

/** The place in the log an event id names; `request.invalid` for anything else. */
export function seqOfEventId(id: string): number {
  const match = /^evt_(\d{16})$/.exec(id)
  const seq = match === null ? Number.NaN : Number(match[1])
  if (!Number.isSafeInteger(seq)) {
    throw new AppError('request.invalid', {
      details: { field: 'after', reason: 'an event id from this API' },
    })
  }
  return seq
}

/** A comma-separated list of event types (each known); undefined for none. */
export function readEventTypes(input: unknown): EventType[] | undefined {
  if (input === undefined || input === '') return undefined
  const names = Array.isArray(input) ? input : String(input).split(',')
  return names.map((name) => {
    const type = String(name).trim()
    if (!Object.hasOwn(EVENT_TYPES, type)) {
      throw new AppError('event.unknown_type', { details: { value: type.slice(0, 60) } })
    }
    return type as EventType
  })
}

/** How long events are kept by default. */
export const DEFAULT_EVENT_RETENTION_DAYS = 30
