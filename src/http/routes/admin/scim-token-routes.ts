/** Admin API: SCIM tokens (SPEC §4 "SCIM: create/revoke tokens, show the SCIM base URL", §7 `scim-tokens`). */
import type { FastifyInstance } from 'fastify'
import Type, { type Static } from 'typebox'
import type { SCIMToken } from '../../../scim/scim-token.ts'
import type { SCIMTokenService } from '../../../scim/scim-token-service.ts'
import type { PrincipalOf } from './admin-scope.ts'
import { ERROR_RESPONSES, OrgParams } from './schemas.ts'

const Timestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()])

const SCIMTokenBody = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Timestamp,
  revokedAt: Timestamp,
})

const SCIMTokenList = Type.Object({
  scimBaseUrl: Type.String({
    description: 'Give this to the IdP as the SCIM base URL / tenant URL.',
  }),
  tokens: Type.Array(SCIMTokenBody),
})

const CreateSCIMToken = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
)
type CreateSCIMToken = Static<typeof CreateSCIMToken>

const CreatedSCIMToken = Type.Object({
  token: SCIMTokenBody,
  secret: Type.String({ description: 'The bearer token for the IdP; shown this once.' }),
  scimBaseUrl: Type.String(),
})

const TokenParams = Type.Object(
  { orgId: Type.String({ maxLength: 100 }), tokenId: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
)

export function registerSCIMTokenRoutes(
  app: FastifyInstance,
  principalOf: PrincipalOf,
  deps: { readonly scimTokens: SCIMTokenService; readonly publicUrl: string },
): void {
  const path = '/api/v1/orgs/:orgId/scim-tokens'
  const baseUrl = (orgId: string) => `${deps.publicUrl}/scim/v2/${encodeURIComponent(orgId)}`

  app.get<{ Params: { orgId: string } }>(
    path,
    {
      schema: {
        tags: ['scim'],
        summary: 'The SCIM base URL and the SCIM tokens (never their secrets)',
        params: OrgParams,
        response: { 200: SCIMTokenList, ...ERROR_RESPONSES },
      },
    },
    async (request) => ({
      scimBaseUrl: baseUrl(request.params.orgId),
      tokens: (await deps.scimTokens.listTokens(request.params.orgId)).map(toBody),
    }),
  )

  app.post<{ Params: { orgId: string }; Body: CreateSCIMToken }>(
    path,
    {
      schema: {
        tags: ['scim'],
        summary: 'Create a SCIM token; its secret is returned this once',
        params: OrgParams,
        body: CreateSCIMToken,
        response: { 201: CreatedSCIMToken, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params
      const { token, secret } = await deps.scimTokens.createToken(
        orgId,
        request.body.name,
        principalOf(request).actor,
      )
      return reply.code(201).send({ token: toBody(token), secret, scimBaseUrl: baseUrl(orgId) })
    },
  )

  app.delete<{ Params: { orgId: string; tokenId: string } }>(
    `${path}/:tokenId`,
    {
      schema: {
        tags: ['scim'],
        summary: 'Revoke a SCIM token: the IdP using it gets 401 from now on',
        params: TokenParams,
        response: { 204: { type: 'null' }, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { orgId, tokenId } = request.params
      await deps.scimTokens.revokeToken(orgId, tokenId, principalOf(request).actor)
      return reply.code(204).send()
    },
  )
}

function toBody(token: SCIMToken) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  return {
    id: token.id,
    name: token.name,
    createdAt: new Date(token.createdAt).toISOString(),
    lastUsedAt: iso(token.lastUsedAt),
    revokedAt: iso(token.revokedAt),
  }
}
