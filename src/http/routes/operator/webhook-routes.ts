/**
 * Operator API: webhook endpoints of the console clients (issue 24) — register, change, rotate the
 * signing secret, remove; the delivery log, a redelivery and a test message. The same rules as the CLI's.
 */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import type { WebhookService } from '../../../services/operator/webhook-service.ts'
import { describeEndpoint } from '../../../webhooks/webhook-endpoint.ts'
import type { WebhookDelivery } from '../../../webhooks/webhook-delivery.ts'
import { OPERATOR_PREFIX, type OperatorOf } from './operator-scope.ts'
import { OPERATOR_ERROR_RESPONSES, OPERATOR_SECURITY } from './operator-schemas.ts'
import {
  AttemptsBody,
  AttemptsQuery,
  ClientWebhooksParams,
  CreateWebhook,
  QueuedBody,
  Redeliver,
  RotateWebhookSecret,
  UpdateWebhook,
  WEBHOOK_LIMIT_TEXT,
  WebhookParams,
  WebhookWithSecret,
} from './webhook-schemas.ts'

type ClientRoute = { Params: { clientId: string } }
type EndpointRoute = { Params: { endpointId: string } }

const schema = (summary: string, parts: object, response: object, description?: string) => ({
  tags: ['operator: webhooks'],
  summary,
  ...(description === undefined ? {} : { description }),
  security: OPERATOR_SECURITY,
  ...parts,
  response: { ...response, ...OPERATOR_ERROR_RESPONSES },
})

const queued = (delivery: WebhookDelivery) => ({
  messageId: delivery.messageId,
  queuedAt: new Date(delivery.createdAt).toISOString(),
})

export function registerOperatorWebhookRoutes(
  app: FastifyInstance,
  operatorOf: OperatorOf,
  deps: { readonly webhooks: WebhookService },
): void {
  const { webhooks } = deps
  const ofClient = `${OPERATOR_PREFIX}/clients/:clientId/webhooks`
  const one = `${OPERATOR_PREFIX}/webhooks/:endpointId`
  const config = { operatorScope: 'clients:write' } as const
  const Endpoint = Type.Ref('WebhookEndpoint')

  app.post<ClientRoute & { Body: CreateWebhook }>(
    ofClient,
    {
      config,
      schema: schema(
        'Register a webhook endpoint for a console client',
        { params: ClientWebhooksParams, body: CreateWebhook },
        { 201: WebhookWithSecret },
        `It receives the events committed after it is made, signed per Standard Webhooks. ${WEBHOOK_LIMIT_TEXT}`,
      ),
    },
    async (request, reply) => {
      const made = await webhooks.create(
        request.params.clientId,
        request.body,
        operatorOf(request).actor,
      )
      return reply
        .code(201)
        .send({ endpoint: describeEndpoint(made.endpoint), secret: made.secret })
    },
  )

  app.get<ClientRoute>(
    ofClient,
    {
      config,
      schema: schema(
        'A client’s webhook endpoints (never a secret)',
        { params: ClientWebhooksParams },
        { 200: Type.Object({ endpoints: Type.Array(Endpoint) }) },
      ),
    },
    async (request) => ({
      endpoints: (await webhooks.list(request.params.clientId)).map(describeEndpoint),
    }),
  )

  app.get<EndpointRoute>(
    one,
    {
      config,
      schema: schema('Read a webhook endpoint', { params: WebhookParams }, { 200: Endpoint }),
    },
    async (request) => describeEndpoint(await webhooks.get(request.params.endpointId)),
  )

  app.patch<EndpointRoute & { Body: UpdateWebhook }>(
    one,
    {
      config,
      schema: schema(
        'Change a webhook endpoint: URL, name, event types, enabled',
        { params: WebhookParams, body: UpdateWebhook },
        { 200: Endpoint },
        'A disabled endpoint keeps its deliveries waiting (nothing is lost); they go out once it is enabled again.',
      ),
    },
    async (request) =>
      describeEndpoint(
        await webhooks.update(request.params.endpointId, request.body, operatorOf(request).actor),
      ),
  )

  app.post<EndpointRoute & { Body: RotateWebhookSecret }>(
    `${one}/rotate-secret`,
    {
      config,
      preValidation: async (request) => {
        request.body ??= {}
      },
      schema: schema(
        'A new signing secret; the old one signs too for the overlap',
        { params: WebhookParams, body: RotateWebhookSecret },
        { 200: WebhookWithSecret },
      ),
    },
    async (request) => {
      const { endpoint, secret } = await webhooks.rotateSecret(
        request.params.endpointId,
        request.body.previousSecretValidSeconds,
        operatorOf(request).actor,
      )
      return { endpoint: describeEndpoint(endpoint), secret }
    },
  )

  app.delete<EndpointRoute>(
    one,
    {
      config,
      schema: schema(
        'Remove a webhook endpoint and its pending deliveries',
        { params: WebhookParams },
        { 204: { type: 'null' } },
      ),
    },
    async (request, reply) => {
      await webhooks.delete(request.params.endpointId, operatorOf(request).actor)
      return reply.code(204).send()
    },
  )

  app.get<EndpointRoute & { Querystring: { limit?: number } }>(
    `${one}/attempts`,
    {
      config,
      schema: schema(
        'The delivery log: the endpoint’s last tries',
        { params: WebhookParams, querystring: AttemptsQuery },
        { 200: AttemptsBody },
      ),
    },
    async (request) => ({
      attempts: (await webhooks.attempts(request.params.endpointId, request.query.limit)).map(
        (attempt) => ({
          messageId: attempt.messageId,
          kind: attempt.kind,
          attemptedAt: new Date(attempt.attemptedAt).toISOString(),
          status: attempt.status,
          error: attempt.error,
          latencyMs: attempt.latencyMs,
        }),
      ),
    }),
  )

  app.post<EndpointRoute & { Body: Redeliver }>(
    `${one}/redeliver`,
    {
      config,
      schema: schema(
        'Send one event again',
        { params: WebhookParams, body: Redeliver },
        { 202: QueuedBody },
        'Queued at once with the event’s own `webhook-id`, so a receiver that already has it can tell.',
      ),
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(
          queued(
            await webhooks.redeliver(
              request.params.endpointId,
              request.body.eventId,
              operatorOf(request).actor,
            ),
          ),
        ),
  )

  app.post<EndpointRoute>(
    `${one}/test`,
    {
      config,
      schema: schema(
        'Send a test message (`webhook.test`)',
        { params: WebhookParams },
        { 202: QueuedBody },
        'Sent whether or not the endpoint is enabled; its outcome is in the delivery log.',
      ),
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(
          queued(await webhooks.sendTest(request.params.endpointId, operatorOf(request).actor)),
        ),
  )
}
