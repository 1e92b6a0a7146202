/**
 * SCIM 2.0 over HTTP (RFC 7644; SPEC §5), under `/scim/v2/{orgId}`. One hook authenticates every
 * request before its body is read: a SCIM token of that organization, or one 401 whatever was wrong
 * (SECURITY-CASES SCIM-01). Bodies are `application/scim+json` or `application/json` only, at most
 * SCIM_BODY_LIMIT bytes; responses are `application/scim+json`; no CORS. Handlers only translate HTTP to
 * the SCIM services.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../../../errors/app-error.ts'
import type { SCIMGroupService } from '../../../services/directory/scim-group-service.ts'
import {
  SCHEMA,
  resourceTypes,
  schemaDocuments,
  serviceProviderConfig,
} from '../../../scim/scim-schema.ts'
import type { SCIMTokenService } from '../../../services/directory/scim-token-service.ts'
import type {
  ListQuery,
  SCIMCaller,
  SCIMUserService,
} from '../../../services/directory/scim-user-service.ts'
import { bearerToken } from '../../authorization.ts'
import { mapSCIMError } from '../../errors/scim.ts'
import { queryParams } from '../../request.ts'

/** 1 MiB: a User is a few KiB; a Group PATCH of SCIM_LIMITS.maxMembersPerRequest members fits. */
export const SCIM_BODY_LIMIT = 1024 * 1024
const MEDIA_TYPE = 'application/scim+json; charset=utf-8'
const ACCEPTED_BODIES = new Set(['application/scim+json', 'application/json'])

/** Resource endpoint names, by their lower-cased form. */
const ENDPOINTS = new Map(
  ['Users', 'Groups', 'ServiceProviderConfig', 'Schemas', 'ResourceTypes'].map((name) => [
    name.toLowerCase(),
    name,
  ]),
)

/**
 * Clients spell endpoint names in any case (`/users`, `/serviceproviderconfig`: Microsoft's own tools
 * do); the server's `rewriteUrl` hands them to the routes in their RFC spelling. Nothing else changes.
 */
export function canonicalSCIMUrl(url: string): string {
  const match = /^(\/scim\/v2\/[^/?#]+\/)([^/?#]+)(.*)$/s.exec(url)
  if (match === null) return url
  const name = ENDPOINTS.get((match[2] ?? '').toLowerCase())
  return name === undefined ? url : `${match[1]}${name}${match[3]}`
}

export interface SCIMRouteDeps {
  readonly tokens: SCIMTokenService
  readonly users: SCIMUserService
  readonly groups: SCIMGroupService
  readonly publicUrl: string
}

type IdRequest = FastifyRequest<{ Params: { orgId: string; id: string } }>
type OrgRequest = FastifyRequest<{ Params: { orgId: string } }>

export async function registerSCIMRoutes(app: FastifyInstance, deps: SCIMRouteDeps): Promise<void> {
  const callers = new WeakMap<FastifyRequest, SCIMCaller>()
  const callerOf = (request: FastifyRequest): SCIMCaller => {
    const caller = callers.get(request)
    if (caller === undefined) throw new TypeError('SCIM route without the SCIM hook')
    return caller
  }
  const base = (request: OrgRequest | IdRequest) =>
    `${deps.publicUrl}/scim/v2/${encodeURIComponent(request.params.orgId)}`

  await app.register(
    async (scope) => {
      scope.addHook('onRoute', (route) => {
        route.bodyLimit = SCIM_BODY_LIMIT
        // SCIM describes itself (/Schemas, /ResourceTypes); the OpenAPI document is the Admin API's.
        route.schema = { ...route.schema, hide: true }
      })
      scope.addContentTypeParser(
        'application/scim+json',
        { parseAs: 'string' },
        scope.getDefaultJsonParser('error', 'error'),
      )
      scope.addHook('onRequest', async (request) => {
        const { orgId } = request.params as { orgId: string }
        const token = await deps.tokens.authenticateFor(
          bearerToken(request.headers.authorization),
          orgId,
        )
        callers.set(request, {
          orgId,
          actor: {
            type: 'scim',
            id: token.id,
            ip: request.ip,
            userAgent: request.headers['user-agent']?.slice(0, 512) ?? null,
          },
        })
        if (request.method === 'POST' || request.method === 'PUT' || request.method === 'PATCH') {
          const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
          if (!ACCEPTED_BODIES.has(type ?? '')) throw new AppError('request.unsupported_media_type')
        }
      })
      scope.addHook('onSend', async (_request, reply, payload) => {
        const type = String(reply.getHeader('content-type') ?? '')
        if (type.startsWith('application/json')) reply.header('content-type', MEDIA_TYPE)
        return payload
      })
      scope.setErrorHandler((error, request, reply) => {
        const mapped = mapSCIMError(error)
        if (mapped.unexpected) request.log.error({ err: error }, 'unhandled error')
        if (mapped.status === 401) reply.header('www-authenticate', 'Bearer realm="scim"')
        return reply.code(mapped.status).type(MEDIA_TYPE).send(mapped.body)
      })
      scope.setNotFoundHandler((_request, reply) =>
        reply
          .code(404)
          .type(MEDIA_TYPE)
          .send(mapSCIMError(new AppError('route.not_found')).body),
      )

      // Discovery (RFC 7644 §4).
      scope.get('/ServiceProviderConfig', async (request: OrgRequest) =>
        serviceProviderConfig(base(request)),
      )
      scope.get('/Schemas', async (request: OrgRequest) => listOf(schemaDocuments(base(request))))
      scope.get('/Schemas/:id', async (request: IdRequest) =>
        oneOf(schemaDocuments(base(request)), request.params.id),
      )
      scope.get('/ResourceTypes', async (request: OrgRequest) =>
        listOf(resourceTypes(base(request))),
      )
      scope.get('/ResourceTypes/:id', async (request: IdRequest) =>
        oneOf(resourceTypes(base(request)), request.params.id),
      )

      for (const [path, service] of [
        ['/Users', deps.users],
        ['/Groups', deps.groups],
      ] as const) {
        const list = async (request: FastifyRequest) =>
          service.list(callerOf(request), listQuery(request))
        scope.get(path, list)
        scope.get(`${path}/`, list)
        scope.post(path, async (request, reply) => {
          const resource = await service.create(callerOf(request), request.body)
          return sendResource(reply.code(201), resource, true)
        })
        scope.get(`${path}/:id`, async (request: IdRequest, reply) =>
          sendResource(
            reply,
            await service.get(callerOf(request), request.params.id, listQuery(request)),
          ),
        )
        scope.put(`${path}/:id`, async (request: IdRequest, reply) =>
          sendResource(
            reply,
            await service.replace(
              callerOf(request),
              request.params.id,
              request.body,
              ifMatch(request),
            ),
          ),
        )
        scope.delete(`${path}/:id`, async (request: IdRequest, reply) => {
          await service.delete(callerOf(request), request.params.id, ifMatch(request))
          return reply.code(204).send()
        })
      }
      // PATCH answers: a User comes back whole (Okta reads it); a Group with 204 (it may be big).
      scope.patch('/Users/:id', async (request: IdRequest, reply) =>
        sendResource(
          reply,
          await deps.users.patch(
            callerOf(request),
            request.params.id,
            request.body,
            ifMatch(request),
          ),
        ),
      )
      scope.patch('/Groups/:id', async (request: IdRequest, reply) => {
        await deps.groups.patch(
          callerOf(request),
          request.params.id,
          request.body,
          ifMatch(request),
        )
        return reply.code(204).send()
      })
    },
    { prefix: '/scim/v2/:orgId' },
  )
}

function sendResource(
  reply: FastifyReply,
  resource: Record<string, unknown>,
  created = false,
): FastifyReply {
  const meta = resource['meta'] as { version?: string; location?: string } | undefined
  if (meta?.version !== undefined) reply.header('etag', meta.version)
  if (created && meta?.location !== undefined) reply.header('location', meta.location)
  return reply.send(resource)
}

function listQuery(request: FastifyRequest): ListQuery {
  const params = queryParams(request)
  const repeated = params.duplicated()[0]
  if (repeated !== undefined) {
    throw new AppError('scim.invalid_value', {
      details: { reason: `the query parameter ${repeated} is repeated` },
    })
  }
  return {
    filter: params.get('filter'),
    startIndex: params.get('startIndex'),
    count: params.get('count'),
    attributes: params.get('attributes'),
    excludedAttributes: params.get('excludedAttributes'),
  }
}

function ifMatch(request: FastifyRequest): string | undefined {
  const value = request.headers['if-match']
  return typeof value === 'string' ? value : undefined
}

function listOf(resources: readonly Record<string, unknown>[]) {
  return {
    schemas: [SCHEMA.listResponse],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  }
}

function oneOf(resources: readonly { id: string }[], id: string) {
  const found = resources.find((r) => r.id === id)
  if (found === undefined) throw new AppError('scim.not_found')
  return found
}
