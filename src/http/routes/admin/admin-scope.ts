/**
 * The Admin API's common ground: every route under /api/v1/orgs/:orgId is authenticated and authorized
 * in one onRequest hook, before its body is even parsed: 401 without credentials, 404 for another
 * organization (never revealing that it exists), 403 below the route's minimum role (`config.minimumRole`,
 * default admin), 403 `org.suspended` for a suspended organization's token, and — for the routes of a plan
 * feature (`registerFeatureRoutes`) — 403 `org.feature_disabled` when the plan lacks it.
 */
import { bearerToken } from '../../authorization.ts'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import {
  hasRole,
  type AdminPrincipal,
  type AdminPrincipalService,
} from '../../../services/organization/admin-principal.ts'
import { AppError } from '../../../errors/app-error.ts'
import type { Role } from '../../../users/user.ts'
import { parseCookies, type CookieNames } from '../../cookies.ts'
import { requestContext } from '../../request.ts'
import { assertFeature, type Feature } from '../../../orgs/organization.ts'

export interface AdminScopeDeps {
  readonly principals: AdminPrincipalService
  readonly cookies: CookieNames
}

/** Route options of admin routes: `config: { minimumRole }`. */
export interface AdminRouteConfig {
  readonly minimumRole?: Role
  readonly freshSignIn?: FreshSignIn
}

/** Whether a session caller must have signed in recently: always, or unless `?dryRun=true`. */
export type FreshSignIn = true | 'unless-dry-run'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role an Admin API route needs (default admin). */
    readonly minimumRole?: Role
    /** A change sensitive enough to need a recent sign-in of a session caller (FRESH_SIGN_IN_MS). */
    readonly freshSignIn?: FreshSignIn
  }
}

export type PrincipalOf = (request: FastifyRequest) => AdminPrincipal

/** Registers `routes` inside a scope whose hook authorizes every request; gives them `principalOf`. */
export async function registerAdminScope(
  app: FastifyInstance,
  deps: AdminScopeDeps,
  routes: (scope: FastifyInstance, principalOf: PrincipalOf) => void,
): Promise<void> {
  const principals = new WeakMap<FastifyRequest, AdminPrincipal>()
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request) => {
      const principal = await deps.principals.resolve(
        {
          bearerToken: bearerToken(request.headers.authorization),
          sessionSecret: parseCookies(request.headers.cookie).get(deps.cookies.session),
          csrfToken: headerValue(request.headers['x-csrf-token']),
          safeMethod: request.method === 'GET' || request.method === 'HEAD',
        },
        requestContext(request),
      )
      const orgId = (request.params as { orgId?: string }).orgId
      if (orgId !== undefined && orgId !== principal.orgId) throw new AppError('org.not_found')
      const minimum = request.routeOptions.config.minimumRole ?? 'admin'
      if (!hasRole(principal, minimum)) throw new AppError('auth.forbidden')
      const fresh = request.routeOptions.config.freshSignIn
      const dryRun = (request.query as { dryRun?: unknown } | undefined)?.dryRun === 'true'
      if (fresh === true || (fresh === 'unless-dry-run' && !dryRun)) {
        deps.principals.assertFreshSignIn(principal)
      }
      principals.set(request, principal)
    })
    routes(scope, (request) => {
      const principal = principals.get(request)
      if (principal === undefined) throw new TypeError('admin route without the admin scope hook')
      return principal
    })
  })
}

/**
 * Registers `routes` (inside the admin scope) so that each first checks the organization's plan has
 * `feature`: 403 `org.feature_disabled` otherwise (issue 23), after the caller was authorized.
 */
export function registerFeatureRoutes(
  scope: FastifyInstance,
  principalOf: PrincipalOf,
  feature: Feature,
  routes: (featureScope: FastifyInstance) => void,
): void {
  void scope.register(async (featureScope) => {
    featureScope.addHook('onRequest', async (request) => {
      assertFeature(principalOf(request), feature)
    })
    routes(featureScope)
  })
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined
}
