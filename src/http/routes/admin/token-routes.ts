/**
 * Admin API: an organization's bearer tokens, one set of routes per kind — `api-tokens` (Admin API
 * tokens) and `scim-tokens` (SPEC §4 "SCIM: create/revoke tokens, show the SCIM base URL", §7). List
 * (never a secret), create (the secret shown this once), revoke (401 at once on every instance).
 */
import type { FastifyInstance } from 'fastify'
import Type, { type Static, type TObject } from 'typebox'
import { describeToken } from '../../../api-tokens/api-token.ts'
import type { BearerTokenService } from '../../../services/organization/bearer-token-service.ts'
import type { AdminPrincipal } from '../../../services/organization/admin-principal.ts'
import { AppError } from '../../../errors/app-error.ts'
import type { PrincipalOf } from './admin-scope.ts'
import { OrgParams } from './schemas.ts'
import { ERROR_RESPONSES } from '../../api-schemas.ts'

const Timestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()])

export const TokenBody = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.Union([
    Type.Object({
      type: Type.String({ description: '`operator`, `user` (an admin) or `admin_token`.' }),
      id: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  lastUsedAt: Type.Union([Timestamp], {
    description: 'Recorded at most once a minute per token.',
  }),
  revokedAt: Timestamp,
})

const CreateToken = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
)
type CreateToken = Static<typeof CreateToken>

const TokenParams = Type.Object(
  { orgId: Type.String({ maxLength: 100 }), tokenId: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
)

export interface TokenRoutesOptions {
  readonly resource: 'api-tokens' | 'scim-tokens'
  readonly tag: string
  readonly service: BearerTokenService
  readonly what: string
  /** Extra fields of the list and create answers (e.g. the SCIM base URL), with their schema. */
  readonly extra?: { readonly schema: TObject; readonly of: (orgId: string) => object }
  /** Refuses a caller before a token is made (throws). */
  readonly mayCreate?: (principal: AdminPrincipal) => void
}

export function registerTokenRoutes(
  app: FastifyInstance,
  principalOf: PrincipalOf,
  options: TokenRoutesOptions,
): void {
  const { resource, tag, service, what } = options
  const path = `/api/v1/orgs/:orgId/${resource}`
  const extraSchema = options.extra?.schema.properties ?? {}
  const extra = (orgId: string) => options.extra?.of(orgId) ?? {}

  app.get<{ Params: { orgId: string } }>(
    path,
    {
      schema: {
        tags: [tag],
        summary: `The ${what}s, revoked ones included (never their secrets)`,
        params: OrgParams,
        response: {
          200: Type.Object({ ...extraSchema, tokens: Type.Array(TokenBody) }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => ({
      ...extra(request.params.orgId),
      tokens: (await service.list(request.params.orgId)).map(describeToken),
    }),
  )

  app.post<{ Params: { orgId: string }; Body: CreateToken }>(
    path,
    {
      config: { freshSignIn: true },
      schema: {
        tags: [tag],
        summary: `Create a ${what}; its secret is returned this once`,
        description:
          'Sensitive. A session caller must have signed in within the last 5 minutes (`403 auth.reauthentication_required`; sign in again at `/admin/reauthenticate`); API tokens are not asked.',
        params: OrgParams,
        body: CreateToken,
        response: {
          201: Type.Object({
            ...extraSchema,
            token: TokenBody,
            secret: Type.String({ description: 'The bearer token; shown this once.' }),
          }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params
      const principal = principalOf(request)
      options.mayCreate?.(principal)
      const { token, secret } = await service.create(orgId, request.body.name, principal.actor)
      return reply.code(201).send({ ...extra(orgId), token: describeToken(token), secret })
    },
  )

  app.delete<{ Params: { orgId: string; tokenId: string } }>(
    `${path}/:tokenId`,
    {
      schema: {
        tags: [tag],
        summary: `Revoke a ${what}: its holder gets 401 from now on, on every instance`,
        params: TokenParams,
        response: { 204: { type: 'null' }, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { orgId, tokenId } = request.params
      await service.revoke(orgId, tokenId, principalOf(request).actor)
      return reply.code(204).send()
    },
  )
}

/** `api-tokens`: a token cannot make another, so a leaked one cannot outlive its own revocation. */
export function apiTokenRoutes(service: BearerTokenService): TokenRoutesOptions {
  return {
    resource: 'api-tokens',
    tag: 'api-tokens',
    what: 'Admin API token',
    service,
    mayCreate: (principal) => {
      if (principal.user === null) throw new AppError('api_token.session_required')
    },
  }
}

/** `scim-tokens`, answered with the SCIM base URL the IdP needs next to the token. */
export function scimTokenRoutes(
  service: BearerTokenService,
  publicUrl: string,
): TokenRoutesOptions {
  return {
    resource: 'scim-tokens',
    tag: 'scim',
    what: 'SCIM token',
    service,
    extra: {
      schema: Type.Object({
        scimBaseUrl: Type.String({
          description: 'Give this to the IdP as the SCIM base URL / tenant URL.',
        }),
      }),
      of: (orgId) => ({ scimBaseUrl: `${publicUrl}/scim/v2/${encodeURIComponent(orgId)}` }),
    },
  }
}
