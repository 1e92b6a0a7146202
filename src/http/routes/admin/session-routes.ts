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
import { SessionInfo } from './schemas.ts'
import { ERROR_RESPONSES } from '../../api-schemas.ts'
import { describeUser } from '../../../users/describe-user.ts'
import { requestContext } from '../../request.ts'
import type { SetupLinkService } from '../../../services/operator/setup-link-service.ts'

export function registerSessionRoutes(
  app: FastifyInstance,
  deps: {
    principals: AdminPrincipalService
    setupLinks: SetupLinkService
    /** Whether mail is configured (SMTP_URL). */
    mail: boolean
    cookies: CookieNames
  },
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
      const cookies = parseCookies(request.headers.cookie)
      const secret = cookies.get(deps.cookies.session)
      if (secret === undefined) throw new AppError('auth.unauthenticated')
      const principal = await deps.principals.resolve(
        { bearerToken: undefined, sessionSecret: secret, csrfToken: undefined, safeMethod: true },
        requestContext(request),
      )
      const user = principal.user
      if (user === null) throw new AppError('auth.unauthenticated')
      return {
        user: describeUser(user),
        organizationId: user.orgId,
        organizationName: principal.organizationName,
        features: principal.features,
        role: user.role,
        mail: deps.mail,
        csrfToken: csrfTokenFor(secret),
        consoleReturnUrl: await deps.setupLinks.returnUrlFor(
          cookies.get(deps.cookies.consoleReturn),
          user.orgId,
        ),
      }
    },
  )
}
