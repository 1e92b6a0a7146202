/**
 * GET /api/v1/session: who the browser's Portcullis session belongs to, and the CSRF token that
 * session-authenticated Admin API changes must send as X-CSRF-Token. Only a same-origin page can read it.
 */
import type { FastifyInstance } from 'fastify'
import {
  csrfTokenFor,
  type AdminPrincipalService,
} from '../../../services/organization/admin-principal.ts'
import { AppError } from '../../../errors/app-error.ts'
import { parseCookies, type CookieNames } from '../../cookies.ts'
import { ERROR_RESPONSES, SessionInfo } from './schemas.ts'
import { toUserBody } from './user-routes.ts'

export function registerSessionRoutes(
  app: FastifyInstance,
  deps: { principals: AdminPrincipalService; cookies: CookieNames },
): void {
  app.get(
    '/api/v1/session',
    {
      schema: {
        tags: ['session'],
        summary: 'The signed-in user of this browser session, and its CSRF token',
        security: [{ session: [] }],
        response: { 200: SessionInfo, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const secret = parseCookies(request.headers.cookie).get(deps.cookies.session)
      const user = await deps.principals.sessionUser(secret)
      if (user === undefined || secret === undefined) throw new AppError('auth.unauthenticated')
      return {
        user: toUserBody(user),
        organizationId: user.orgId,
        role: user.role,
        csrfToken: csrfTokenFor(secret),
      }
    },
  )
}
