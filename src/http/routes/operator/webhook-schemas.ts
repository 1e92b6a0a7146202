/** JSON Schemas of the operator API's webhook routes (issue 24). */
import Type, { type Static } from 'typebox'
import { EVENT_TYPES } from '../../../events/event.ts'
import { DELIVERY_KINDS } from '../../../webhooks/webhook-delivery.ts'
import { MAX_ENDPOINTS_PER_CLIENT } from '../../../webhooks/webhook-endpoint.ts'

const DateTime = Type.String({ format: 'date-time' })
const Nullable = <T extends Type.TSchema>(schema: T, options: { description?: string } = {}) =>
  Type.Union([schema, Type.Null()], options)
const TYPES_TEXT =
  'The event types it receives; empty or absent: every type. An unknown type is 400 `event.unknown_type`.'

export const WebhookEndpointBody = Type.Object(
  {
    id: Type.String(),
    clientId: Type.String({ description: 'The console application it belongs to.' }),
    name: Type.String(),
    url: Type.String(),
    eventTypes: Type.Array(Type.Enum(Object.keys(EVENT_TYPES)), { description: TYPES_TEXT }),
    enabled: Type.Boolean(),
    failingSince: Nullable(DateTime, {
      description:
        'When a delivery to it used up every try (`webhook_endpoint.failing` was sent); null once one succeeds again.',
    }),
    previousSecretValidUntil: Nullable(DateTime, {
      description: 'Until when the secret before the last rotation signs too (a second signature).',
    }),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'WebhookEndpoint' },
)

const Url = Type.String({
  maxLength: 2000,
  description:
    'https, or http on a loopback host; no credentials or fragment. A private or loopback address is refused unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES is on (400 `webhook.invalid_url`).',
})
const Types = Type.Array(Type.String({ maxLength: 100 }), {
  maxItems: 50,
  description: TYPES_TEXT,
})

export const CreateWebhook = Type.Object(
  {
    url: Url,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    eventTypes: Type.Optional(Types),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type CreateWebhook = Static<typeof CreateWebhook>

export const UpdateWebhook = Type.Object(
  {
    url: Type.Optional(Url),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    eventTypes: Type.Optional(Types),
    enabled: Type.Optional(
      Type.Boolean({ description: 'Enabling a failing endpoint clears `failingSince`.' }),
    ),
  },
  { additionalProperties: false },
)
export type UpdateWebhook = Static<typeof UpdateWebhook>

export const WebhookWithSecret = Type.Object({
  endpoint: Type.Ref('WebhookEndpoint'),
  secret: Type.String({
    description:
      'The Standard Webhooks signing secret (`whsec_…`), returned this once. Verify deliveries with it.',
  }),
})

export const RotateWebhookSecret = Type.Object(
  {
    previousSecretValidSeconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 7 * 24 * 3600,
        description:
          'How long the old secret keeps signing too (default 86400; 0 stops it now). Receivers that check any of the signatures switch without a gap.',
      }),
    ),
  },
  { additionalProperties: false },
)
export type RotateWebhookSecret = Static<typeof RotateWebhookSecret>

export const ClientWebhooksParams = Type.Object(
  { clientId: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
)
export const WebhookParams = Type.Object(
  { endpointId: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
)

export const AttemptsQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
  { additionalProperties: false },
)

export const AttemptsBody = Type.Object({
  attempts: Type.Array(
    Type.Object({
      messageId: Type.String({ description: 'The `webhook-id` (the event id, or a test’s id).' }),
      kind: Type.Enum(DELIVERY_KINDS),
      attemptedAt: DateTime,
      status: Nullable(Type.Integer(), { description: 'The HTTP status; null without an answer.' }),
      error: Nullable(Type.String(), {
        description:
          '`HTTP 500`, or why there was no answer: `timeout`, `forbidden_address`, `network`, `bad_url`.',
      }),
      latencyMs: Type.Integer(),
    }),
    { description: 'Newest first. Never a secret or a body.' },
  ),
})

export const Redeliver = Type.Object(
  { eventId: Type.String({ maxLength: 40, description: 'An event still in the log.' }) },
  { additionalProperties: false },
)
export type Redeliver = Static<typeof Redeliver>

export const QueuedBody = Type.Object({
  messageId: Type.String(),
  queuedAt: DateTime,
})

export const WEBHOOK_LIMIT_TEXT = `At most ${MAX_ENDPOINTS_PER_CLIENT} endpoints per client (409 \`webhook.too_many\`).`
