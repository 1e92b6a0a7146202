/** `portcullis webhook …`: the console clients' webhook endpoints, as the operator API manages them. */
import { OPERATOR_CLI } from '../../audit/audit-event.ts'
import {
  describeEndpoint,
  validateEndpointTypes,
  validateEndpointUrl,
} from '../../webhooks/webhook-endpoint.ts'
import { asList, text, UsageError, type Command, type Values } from '../command.ts'
import { overlapOf } from './client-commands.ts'

const ID = { id: { type: 'string' } } as const
const SETTINGS = {
  url: { type: 'string' },
  name: { type: 'string' },
  'event-type': { type: 'string', multiple: true },
} as const

function settingsOf(v: Values): Record<string, unknown> {
  if (v['url'] !== undefined) validateEndpointUrl(v['url'])
  const types = asList(v['event-type'])
  if (types.length > 0) validateEndpointTypes(types)
  return {
    ...(v['url'] === undefined ? {} : { url: v['url'] }),
    ...(v['name'] === undefined ? {} : { name: v['name'] }),
    ...(v['event-type'] === undefined ? {} : { eventTypes: types }),
  }
}

function enabledOf(v: Values): { enabled?: boolean } {
  if (v['enable'] === true && v['disable'] === true) {
    throw new UsageError('--enable and --disable together')
  }
  if (v['enable'] === true) return { enabled: true }
  return v['disable'] === true ? { enabled: false } : {}
}

const attemptView = (a: {
  messageId: string
  kind: string
  attemptedAt: number
  status: number | null
  error: string | null
  latencyMs: number
}) => ({ ...a, attemptedAt: new Date(a.attemptedAt).toISOString() })

export const WEBHOOK_COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  [
    'webhook create',
    {
      usage: `webhook create --client CLIENT_ID --url URL [--name NAME] [--event-type TYPE ...] [--disable]
                                                  a webhook endpoint (its whsec_ secret printed once);
                                                  no --event-type: every type`,
      options: { client: { type: 'string' }, ...SETTINGS, disable: { type: 'boolean' } },
      required: ['client', 'url'],
      check: (v) => void settingsOf(v),
      run: async (app, v) => {
        const { endpoint, secret } = await app.services.webhooks.create(
          text(v, 'client'),
          { ...settingsOf(v), ...enabledOf(v) },
          OPERATOR_CLI,
        )
        return { endpoint: describeEndpoint(endpoint), secret }
      },
    },
  ],
  [
    'webhook list',
    {
      usage: `webhook list [--client CLIENT_ID]           the endpoints (never a secret)`,
      options: { client: { type: 'string' } },
      required: [],
      check: () => {},
      run: async (app, v) => {
        const client = text(v, 'client')
        const endpoints = await app.services.webhooks.list(client === '' ? undefined : client)
        return { endpoints: endpoints.map(describeEndpoint) }
      },
    },
  ],
  [
    'webhook update',
    {
      usage: `webhook update --id ENDPOINT_ID [--url URL] [--name NAME] [--event-type TYPE ...]
                [--enable|--disable]              change an endpoint`,
      options: { ...ID, ...SETTINGS, enable: { type: 'boolean' }, disable: { type: 'boolean' } },
      required: ['id'],
      check: (v) => {
        settingsOf(v)
        enabledOf(v)
      },
      run: async (app, v) => ({
        endpoint: describeEndpoint(
          await app.services.webhooks.update(
            text(v, 'id'),
            { ...settingsOf(v), ...enabledOf(v) },
            OPERATOR_CLI,
          ),
        ),
      }),
    },
  ],
  [
    'webhook rotate-secret',
    {
      usage: `webhook rotate-secret --id ENDPOINT_ID [--previous-secret-valid-seconds N]
                                                  a new secret (printed once); the old one signs too for
                                                  N more seconds (default 86400)`,
      options: { ...ID, 'previous-secret-valid-seconds': { type: 'string' } },
      required: ['id'],
      check: (v) => void overlapOf(v),
      run: async (app, v) => {
        const { endpoint, secret } = await app.services.webhooks.rotateSecret(
          text(v, 'id'),
          overlapOf(v),
          OPERATOR_CLI,
        )
        return { endpoint: describeEndpoint(endpoint), secret }
      },
    },
  ],
  [
    'webhook delete',
    {
      usage: `webhook delete --id ENDPOINT_ID             remove an endpoint and its pending deliveries`,
      options: ID,
      required: ['id'],
      check: () => {},
      run: async (app, v) => {
        await app.services.webhooks.delete(text(v, 'id'), OPERATOR_CLI)
        return { deleted: text(v, 'id') }
      },
    },
  ],
  [
    'webhook attempts',
    {
      usage: `webhook attempts --id ENDPOINT_ID           the delivery log: last tries, newest first`,
      options: ID,
      required: ['id'],
      check: () => {},
      run: async (app, v) => ({
        attempts: (await app.services.webhooks.attempts(text(v, 'id'))).map(attemptView),
      }),
    },
  ],
  [
    'webhook redeliver',
    {
      usage: `webhook redeliver --id ENDPOINT_ID --event EVENT_ID
                                                  send one event again (its own webhook-id)`,
      options: { ...ID, event: { type: 'string' } },
      required: ['id', 'event'],
      check: () => {},
      run: async (app, v) => {
        const delivery = await app.services.webhooks.redeliver(
          text(v, 'id'),
          text(v, 'event'),
          OPERATOR_CLI,
        )
        return { messageId: delivery.messageId, queued: true }
      },
    },
  ],
  [
    'webhook test',
    {
      usage: `webhook test --id ENDPOINT_ID               send a webhook.test message`,
      options: ID,
      required: ['id'],
      check: () => {},
      run: async (app, v) => {
        const delivery = await app.services.webhooks.sendTest(text(v, 'id'), OPERATOR_CLI)
        return { messageId: delivery.messageId, queued: true }
      },
    },
  ],
])
