/**
 * Admin API: a user's second factors (issue 25) — what they have (never a secret) and an admin's reset
 * when a user has lost them all (audited; the user then signs in with the password alone, or enrols
 * again where the organization requires it).
 */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { describeFactor } from '../../../factors/second-factor.ts'
import type { FactorService } from '../../../services/sign-in/factor-service.ts'
import { ERROR_RESPONSES } from '../../api-schemas.ts'
import type { PrincipalOf } from './admin-scope.ts'

type UserRoute = { Params: { orgId: string; userId: string } }

const UserParams = Type.Object(
  { orgId: Type.String({ maxLength: 100 }), userId: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
)
const FactorBody = Type.Object({
  id: Type.String(),
  kind: Type.Enum(['totp', 'passkey']),
  name: Type.String(),
  confirmed: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})

export function registerFactorRoutes(
  app: FastifyInstance,
  principalOf: PrincipalOf,
  deps: { readonly factors: FactorService },
): void {
  const path = '/api/v1/orgs/:orgId/users/:userId'
  app.get<UserRoute>(
    `${path}/factors`,
    {
      schema: {
        tags: ['users'],
        summary: 'A user’s second factors and how many recovery codes they have left',
        params: UserParams,
        response: {
          200: Type.Object({
            factors: Type.Array(FactorBody),
            recoveryCodesLeft: Type.Integer(),
          }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      const { orgId, userId } = request.params
      return {
        factors: (await deps.factors.list(orgId, userId)).map(describeFactor),
        recoveryCodesLeft: await deps.factors.recoveryCodesLeft(orgId, userId),
      }
    },
  )

  app.post<UserRoute>(
    `${path}/reset-factors`,
    {
      schema: {
        tags: ['users'],
        summary: 'Remove every second factor and recovery code of a user (audited)',
        params: UserParams,
        response: { 200: Type.Object({ removed: Type.Integer() }), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { orgId, userId } = request.params
      return { removed: await deps.factors.reset(orgId, userId, principalOf(request).actor) }
    },
  )
}
