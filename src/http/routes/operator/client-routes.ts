/** Operator API: the console applications as OIDC clients (issue 23), the same rules as the CLI's. */
import type { FastifyInstance } from 'fastify'
import { describeClient } from '../../../oidc/describe-client.ts'
import type { OIDCClientService } from '../../../services/organization/oidc-client-service.ts'
import { OPERATOR_PREFIX, type OperatorOf } from './operator-scope.ts'
import {
  ClientIdParams,
  ClientWithSecret,
  CreateClient,
  OPERATOR_ERROR_RESPONSES,
  OPERATOR_SECURITY,
  RotateSecret,
  UpdateClient,
} from './operator-schemas.ts'
import Type from 'typebox'

type ClientRoute = { Params: { clientId: string } }

const schema = (summary: string, parts: object, response: object, description?: string) => ({
  tags: ['operator: clients'],
  summary,
  ...(description === undefined ? {} : { description }),
  security: OPERATOR_SECURITY,
  ...parts,
  response: { ...response, ...OPERATOR_ERROR_RESPONSES },
})

export function registerOperatorClientRoutes(
  app: FastifyInstance,
  operatorOf: OperatorOf,
  deps: { readonly clients: OIDCClientService },
): void {
  const { clients } = deps
  const base = `${OPERATOR_PREFIX}/clients`
  const one = `${base}/:clientId`
  const show = describeClient
  const config = { operatorScope: 'clients:write' } as const

  app.post<{ Body: CreateClient }>(
    base,
    {
      config,
      schema: schema(
        'Register a console application',
        { body: CreateClient },
        { 201: ClientWithSecret },
        'Redirect URIs: https (http only on a loopback host), no fragment, no credentials, matched exactly.',
      ),
    },
    async (request, reply) => {
      const { type, ...rest } = request.body
      const made = await clients.createClient(
        { ...rest, confidential: type === 'confidential' },
        operatorOf(request).actor,
      )
      return reply.code(201).send({
        client: show(made.client),
        ...(made.clientSecret === undefined ? {} : { clientSecret: made.clientSecret }),
      })
    },
  )

  app.get(
    base,
    {
      config,
      schema: schema(
        'The registered clients (never a secret)',
        {},
        {
          200: Type.Object({ clients: Type.Array(Type.Ref('Client')) }),
        },
      ),
    },
    async () => ({ clients: (await clients.list()).map(show) }),
  )

  app.get<ClientRoute>(
    one,
    {
      config,
      schema: schema('Read a client', { params: ClientIdParams }, { 200: Type.Ref('Client') }),
    },
    async (request) => show(await clients.get(request.params.clientId)),
  )

  app.patch<ClientRoute & { Body: UpdateClient }>(
    one,
    {
      config,
      schema: schema(
        'Change a client (a list given replaces the old one)',
        { params: ClientIdParams, body: UpdateClient },
        { 200: Type.Ref('Client') },
      ),
    },
    async (request) =>
      show(await clients.update(request.params.clientId, request.body, operatorOf(request).actor)),
  )

  app.post<ClientRoute & { Body: RotateSecret }>(
    `${one}/rotate-secret`,
    {
      config,
      // The body is optional: no body is `{}`.
      preValidation: async (request) => {
        request.body ??= {}
      },
      schema: schema(
        'A new secret for a confidential client; the old one keeps working for the overlap',
        { params: ClientIdParams, body: RotateSecret },
        { 200: ClientWithSecret },
      ),
    },
    async (request) => {
      const { client, clientSecret } = await clients.rotateSecret(
        request.params.clientId,
        request.body.previousSecretValidSeconds,
        operatorOf(request).actor,
      )
      return { client: show(client), clientSecret }
    },
  )

  app.delete<ClientRoute>(
    one,
    {
      config,
      schema: schema(
        'Delete a client: its sign-ins in progress and code exchanges stop',
        { params: ClientIdParams },
        { 204: { type: 'null' } },
      ),
    },
    async (request, reply) => {
      await clients.delete(request.params.clientId, operatorOf(request).actor)
      return reply.code(204).send()
    },
  )
}
