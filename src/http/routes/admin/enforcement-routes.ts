/** Admin API: SSO enforcement (SPEC §4). Thin: validate by schema, call EnforcementService. */
import type { FastifyInstance } from 'fastify'
import { describeWarning } from '../../../sso-profiles/describe-profile.ts'
import type {
  EnforcementService,
  EnforcementState,
} from '../../../services/organization/enforcement-service.ts'
import type { PrincipalOf } from './admin-scope.ts'
import { DryRunQuery, EnforcementBody, OrgParams, SetEnforcement } from './schemas.ts'
import { ERROR_RESPONSES } from '../../api-schemas.ts'

export function registerEnforcementRoutes(
  app: FastifyInstance,
  principalOf: PrincipalOf,
  deps: { enforcement: EnforcementService },
): void {
  const path = '/api/v1/orgs/:orgId/enforcement'
  app.get<{ Params: { orgId: string } }>(
    path,
    {
      schema: {
        tags: ['enforcement'],
        summary: 'Which domains enforce SSO, how many users that affects, and the lock-out risk',
        params: OrgParams,
        response: { 200: EnforcementBody, ...ERROR_RESPONSES },
      },
    },
    async (request) => toBody(await deps.enforcement.getEnforcement(request.params.orgId)),
  )

  app.put<{ Params: { orgId: string }; Body: SetEnforcement; Querystring: { dryRun?: string } }>(
    path,
    {
      config: { freshSignIn: 'unless-dry-run' },
      schema: {
        tags: ['enforcement'],
        summary:
          'Set the enforced domains (each verified, served by a tested profile); ?dryRun=true previews',
        description:
          'A change (not a dry run) is sensitive. A session caller must have signed in within the last 5 minutes (`403 auth.reauthentication_required`; sign in again at `/admin/reauthenticate`); API tokens are not asked.',
        params: OrgParams,
        querystring: DryRunQuery,
        body: SetEnforcement,
        response: { 200: EnforcementBody, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const state = await deps.enforcement.setEnforcement(
        request.params.orgId,
        {
          domains: request.body.domains,
          acknowledgeLockoutRisk: request.body.acknowledgeLockoutRisk ?? false,
          dryRun: request.query.dryRun === 'true',
        },
        principalOf(request).actor,
      )
      return toBody(state)
    },
  )
}

function toBody(state: EnforcementState) {
  return {
    domains: state.domains.map(({ domain, enforced, profileTested, profileWarnings }) => ({
      id: domain.id,
      name: domain.name,
      status: domain.status,
      enforced,
      ssoProfileId: domain.ssoProfileId,
      profileTested,
      profileWarnings: profileWarnings.map(describeWarning),
    })),
    affectedUsers: state.affectedUsers,
    lockoutRisk: state.lockoutRisk,
  }
}
