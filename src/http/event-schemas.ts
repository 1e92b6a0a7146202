/**
 * The event log's JSON Schemas (issue 24): one `Event` per type, its `data` the resource as the Admin
 * API shows it (by reference to the same component), so the OpenAPI document says what each type carries.
 */
import Type, { type TSchema } from 'typebox'
import { EVENT_TYPES, type EventType } from '../events/event.ts'
import { ACTOR_TYPES } from '../audit/audit-event.ts'
import { TokenBody } from './routes/admin/token-routes.ts'

const Nullable = (schema: TSchema) => Type.Union([schema, Type.Null()])

const DATA: Readonly<Record<EventType, TSchema>> = {
  'user.created': Type.Ref('User'),
  'user.updated': Type.Ref('User'),
  'user.deactivated': Type.Ref('User'),
  'user.reactivated': Type.Ref('User'),
  'user.deleted': Type.Object({ id: Type.String(), email: Nullable(Type.String()) }),
  'session.revoked': Type.Object({
    sid: Type.String(),
    userId: Type.String(),
    reason: Type.String({
      description:
        '`logout`, `deactivation`, `deletion`, `admin`, `lifetime_change`, `password_reset`, `suspension`, `sso_required`.',
    }),
  }),
  'organization.created': Type.Ref('Organization'),
  'organization.updated': Type.Ref('Organization'),
  'organization.deleted': Type.Object({
    id: Type.String(),
    name: Nullable(Type.String()),
    externalId: Nullable(Type.String()),
  }),
  'domain.verified': Type.Ref('Domain'),
  'domain.verification_failed': Type.Ref('Domain'),
  'sso_profile.created': Type.Ref('SSOProfile'),
  'sso_profile.updated': Type.Ref('SSOProfile'),
  'sso_profile.deleted': Type.Object({ id: Type.String() }),
  'sso_profile.certificate_expiring': Type.Intersect([
    Type.Ref('SSOProfile'),
    Type.Object({
      expiring: Type.Object({
        code: Type.String({ description: 'Which expiry: a certificate or the metadata.' }),
        at: Nullable(Type.Number({ description: 'When, epoch ms.' })),
      }),
    }),
  ]),
  'enforcement.changed': Type.Object(
    {
      enforced: Type.Array(Type.String()),
      added: Type.Array(Type.String()),
      removed: Type.Array(Type.String()),
    },
    { additionalProperties: true },
  ),
  'import_run.finished': Type.Ref('ImportRun'),
  'scim_token.created': TokenBody,
  'scim_token.revoked': TokenBody,
  'webhook_endpoint.failing': Type.Ref('WebhookEndpoint'),
}

/** One event: `type` says which `data` it carries. */
export const EventBody = Type.Union(
  (Object.keys(EVENT_TYPES) as EventType[]).map((type) =>
    Type.Object({
      id: Type.String({ description: 'Sortable: `evt_` and its 16-digit place in the log.' }),
      type: Type.Literal(type, { description: EVENT_TYPES[type] }),
      occurredAt: Type.String({ format: 'date-time' }),
      organizationId: Nullable(Type.String()),
      actor: Type.Object({ type: Type.Enum(ACTOR_TYPES), id: Nullable(Type.String()) }),
      data: DATA[type],
    }),
  ),
  { $id: 'Event' },
)

export const EventPageBody = Type.Object({
  events: Type.Array(Type.Ref('Event')),
  cursor: Nullable(
    Type.String({
      description:
        'Pass as `after` next time: the last event’s id, or the `after` you sent when nothing new came.',
    }),
  ),
})

export const EventQuery = {
  after: Type.Optional(
    Type.String({ maxLength: 40, description: 'An event id: the events after it, in log order.' }),
  ),
  types: Type.Optional(
    Type.String({ maxLength: 2000, description: 'Comma-separated event types; all when absent.' }),
  ),
  limit: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,3}$', description: '1–500, default 100.' }),
  ),
}
