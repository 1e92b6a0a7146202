/**
 * Admin API: roles from the IdP's groups (issue 28). GET the organization's role mapping; POST a dry run
 * of one (who would be promoted or demoted, nothing written); PUT saves it and applies it at once to
 * every user the IdP manages — refused with the lock-out codes when it would strand the organization.
 */
import type { FastifyInstance } from 'fastify'
import Type, { type Static } from 'typebox'
import type {
  RoleMappingOutcome,
  RoleMappingService,
} from '../../../services/organization/role-mapping-service.ts'
import type { PrincipalOf } from './admin-scope.ts'
import { OrgParams } from './schemas.ts'
import { ERROR_RESPONSES } from '../../api-schemas.ts'
import { MAX_ROLE_RULES, type RoleMapping } from '../../../users/role-mapping.ts'

const Rule = Type.Object(
  {
    source: Type.Enum(['scim_group', 'saml_attribute'], {
      description:
        '`scim_group`: membership of a group the IdP provisions by SCIM; `saml_attribute`: a value of an attribute of the SAML sign-in.',
    }),
    attribute: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 256,
        description:
          'For `saml_attribute` only: the attribute read — Entra ID `http://schemas.microsoft.com/ws/2008/06/identity/claims/groups` (object IDs), Okta `groups`, AD FS `http://schemas.xmlsoap.org/claims/Group`, or `memberOf`.',
      }),
    ),
    match: Type.String({
      minLength: 1,
      maxLength: 256,
      description:
        'A SCIM group’s id or display name (display names compare case-insensitively); for SAML, the attribute value exactly.',
    }),
    role: Type.Enum(['admin', 'member']),
  },
  { additionalProperties: false },
)

const MappingFields = {
  enabled: Type.Boolean({
    description:
      'Off by default. On: the highest role a rule matches wins, no match means member — for users the IdP manages (in a SCIM group, or whose SAML sign-in brought a value of an attribute a rule reads). The owner is never changed.',
  }),
  rules: Type.Array(Rule, { maxItems: MAX_ROLE_RULES }),
}

export const RoleMappingBody = Type.Object(MappingFields, { $id: 'RoleMapping' })

const Change = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  from: Type.Enum(['owner', 'admin', 'member']),
  to: Type.Enum(['owner', 'admin', 'member']),
  rule: Type.Union([Type.Omit(Rule, ['role']), Type.Null()], {
    description: 'The rule that gives the new role; null: no rule matched (member).',
  }),
})

const Outcome = Type.Object({
  ...MappingFields,
  changes: Type.Array(Change),
  managedUsers: Type.Integer({ description: 'Users the IdP manages, whom the rules read.' }),
})

const SaveBody = Type.Object(
  {
    ...MappingFields,
    acknowledgeLockoutRisk: Type.Optional(
      Type.Boolean({
        description: 'Accept that no owner or admin keeps a password way in after the change.',
      }),
    ),
  },
  { additionalProperties: false },
)
type SaveBody = Static<typeof SaveBody>

function outcomeBody(outcome: RoleMappingOutcome): Static<typeof Outcome> {
  return {
    ...mappingBody(outcome.mapping),
    changes: outcome.changes.map((c) => ({
      userId: c.userId,
      email: c.email,
      from: c.from,
      to: c.to,
      rule: c.origin.rule,
    })),
    managedUsers: outcome.managedUsers,
  }
}

function mappingBody(mapping: RoleMapping): Static<typeof RoleMappingBody> {
  return { enabled: mapping.enabled, rules: mapping.rules.map((r) => ({ ...r })) }
}

export function registerRoleMappingRoutes(
  app: FastifyInstance,
  principalOf: PrincipalOf,
  deps: { readonly roleMappings: RoleMappingService },
): void {
  const path = '/api/v1/orgs/:orgId/role-mapping'
  app.get<{ Params: { orgId: string } }>(
    path,
    {
      schema: {
        tags: ['organization'],
        summary: 'Roles from the IdP’s groups: the organization’s rules',
        params: OrgParams,
        response: { 200: { $ref: 'RoleMapping' }, ...ERROR_RESPONSES },
      },
    },
    async (request) => mappingBody(await deps.roleMappings.get(request.params.orgId)),
  )

  app.post<{ Params: { orgId: string }; Body: SaveBody }>(
    `${path}/dry-run`,
    {
      schema: {
        tags: ['organization'],
        summary: 'What saving this mapping would change now (nothing is written)',
        params: OrgParams,
        body: SaveBody,
        response: { 200: Outcome, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      outcomeBody(await deps.roleMappings.dryRun(request.params.orgId, request.body)),
  )

  app.put<{ Params: { orgId: string }; Body: SaveBody }>(
    path,
    {
      schema: {
        tags: ['organization'],
        summary: 'Save the mapping and apply it at once to every user the IdP manages; audited',
        params: OrgParams,
        body: SaveBody,
        response: { 200: Outcome, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { acknowledgeLockoutRisk, ...mapping } = request.body
      return outcomeBody(
        await deps.roleMappings.save(request.params.orgId, mapping, principalOf(request).actor, {
          acknowledgeLockoutRisk: acknowledgeLockoutRisk ?? false,
        }),
      )
    },
  )
}
