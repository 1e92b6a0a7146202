/**
 * The operator API's common ground (issue 23): every route under /api/v1/operator is authenticated in one
 * onRequest hook, before its body is parsed — an operator token (`pcop_…`) or 401; an organization's Admin
 * API token, a SCIM token or a session cookie is never one. 403 `auth.insufficient_scope` when the token
 * lacks the scope the route names (`config: { operatorScope }`).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { OperatorScope, OperatorToken } from '../../../api-tokens/operator-token.ts'
import type { Actor } from '../../../audit/audit-event.ts'
import { AppError } from '../../../errors/app-error.ts'
import type { OperatorTokenService } from '../../../services/operator/operator-token-service.ts'
import { bearerToken } from '../../authorization.ts'
import { requestContext } from '../../request.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope an operator API route needs. */
    readonly operatorScope?: OperatorScope
  }
}

export const OPERATOR_PREFIX = '/api/v1/operator'

export interface OperatorCaller {
  readonly token: OperatorToken
  /** The audit actor: the token, from where it called. */
  readonly actor: Actor
}

export type OperatorOf = (request: FastifyRequest) => OperatorCaller

export async function registerOperatorScope(
  app: FastifyInstance,
  tokens: OperatorTokenService,
  routes: (scope: FastifyInstance, operatorOf: OperatorOf) => void,
): Promise<void> {
  const callers = new WeakMap<FastifyRequest, OperatorCaller>()
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request) => {
      const token = await tokens.authenticate(bearerToken(request.headers.authorization))
      if (token === undefined) throw new AppError('auth.unauthenticated')
      const needed = request.routeOptions.config.operatorScope
      if (needed === undefined) throw new TypeError('operator route without a scope')
      if (!token.scopes.includes(needed)) {
        throw new AppError('auth.insufficient_scope', { details: { scope: needed } })
      }
      const { ip, userAgent } = requestContext(request)
      callers.set(request, {
        token,
        actor: { type: 'operator_token', id: token.id, ip, userAgent },
      })
    })
    routes(scope, (request) => {
      const caller = callers.get(request)
      if (caller === undefined) throw new TypeError('operator route without the operator hook')
      return caller
    })
  })
}
