/** The operator API under /api/v1/operator (issue 23): its own scope, routes and token; never an org's. */
import type { FastifyInstance } from 'fastify'
import type { OIDCClientService } from '../../../services/organization/oidc-client-service.ts'
import type { OperatorTokenService } from '../../../services/operator/operator-token-service.ts'
import { registerOperatorClientRoutes } from './client-routes.ts'
import { registerOperatorEventRoutes } from './event-routes.ts'
import type { EventLogService } from '../../../services/organization/event-log-service.ts'
import { registerOperatorScope } from './operator-scope.ts'
import { registerOperatorWebhookRoutes } from './webhook-routes.ts'
import type { WebhookService } from '../../../services/operator/webhook-service.ts'
import { registerOperatorOrgRoutes, type OrgRoutesDeps } from './org-routes.ts'

export interface OperatorAPIDeps extends OrgRoutesDeps {
  readonly tokens: OperatorTokenService
  readonly clients: OIDCClientService
  readonly events: EventLogService
  readonly webhooks: WebhookService
}

export async function registerOperatorAPI(
  app: FastifyInstance,
  deps: OperatorAPIDeps,
): Promise<void> {
  await registerOperatorScope(app, deps.tokens, (scope, operatorOf) => {
    registerOperatorOrgRoutes(scope, operatorOf, deps)
    registerOperatorClientRoutes(scope, operatorOf, deps)
    registerOperatorEventRoutes(scope, deps)
    registerOperatorWebhookRoutes(scope, operatorOf, deps)
  })
}
