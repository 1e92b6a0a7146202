/**
 * Admin API: the organization's settings (SPEC §2). GET shows what the organization set, what applies
 * and the deployment's defaults and maximums; PATCH changes some (null: back to the deployment's value),
 * audited old → new. Changes apply from the next use: a session follows a new lifetime at its next
 * request, an invitation made afterwards gets the new lifetime.
 */
import type { FastifyInstance } from 'fastify'
import Type, { type Static } from 'typebox'
import type {
  OrgSettingsService,
  SettingsView,
} from '../../../services/organization/org-settings-service.ts'
import type { PrincipalOf } from './admin-scope.ts'
import { OrgParams } from './schemas.ts'
import { ERROR_RESPONSES } from '../../api-schemas.ts'
import { DEFAULT_LANGUAGE, DEFAULT_MFA_POLICY } from '../../../orgs/org-settings.ts'
import { LOCALES } from '../../../platform/locales.ts'

const Seconds = (description: string) => Type.Integer({ minimum: 0, description })

const Limits = Type.Object({
  sessionLifetimeSeconds: Seconds('Absolute session lifetime, from sign-in.'),
  sessionIdleTimeoutSeconds: Seconds('A session ends after this long unused.'),
  invitationLifetimeSeconds: Seconds('How long an invitation link works.'),
  defaultClockSkewSeconds: Seconds('Clock skew of SSO profiles created from now on.'),
})

const MfaMode = Type.Union(
  [Type.Literal('off'), Type.Literal('optional'), Type.Literal('required')],
  {
    description:
      'Second factors for password users: off (not offered; factors users have are still asked), optional, or required (a user without one enrols right after their password). SSO users are exempt.',
  },
)
const RequiredForAdmins = Type.Boolean({
  description: 'The owner and admins must have a second factor whatever passwordUserMfa says.',
})

const Language = Type.Enum([...LOCALES], {
  description:
    'The language of mail to people whose own is not known yet (a person’s is the language of their last sign-in’s pages).',
})

const Values = Type.Object({
  ...Limits.properties,
  passwordUserMfa: MfaMode,
  requiredForAdmins: RequiredForAdmins,
  language: Language,
})

const Nullable = (description: string) =>
  Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description })

const SetValues = Type.Object({
  sessionLifetimeSeconds: Nullable('Set by the organization; null: the deployment value applies.'),
  sessionIdleTimeoutSeconds: Nullable(
    'Set by the organization; null: the deployment value applies.',
  ),
  invitationLifetimeSeconds: Nullable(
    'Set by the organization; null: the deployment value applies.',
  ),
  defaultClockSkewSeconds: Nullable('Set by the organization; null: the deployment value applies.'),
  passwordUserMfa: Type.Union([MfaMode, Type.Null()]),
  requiredForAdmins: Type.Union([RequiredForAdmins, Type.Null()]),
  language: Type.Union([Language, Type.Null()]),
})

export const SettingsBody = Type.Object(
  {
    settings: SetValues,
    effective: Values,
    defaults: Values,
    maximums: Limits,
  },
  { $id: 'OrgSettings' },
)

const SettingsPatch = Type.Object(
  {
    sessionLifetimeSeconds: Type.Optional(Nullable('300 to the maximum, or null.')),
    sessionIdleTimeoutSeconds: Type.Optional(
      Nullable('60 to the maximum and at most the session lifetime, or null.'),
    ),
    invitationLifetimeSeconds: Type.Optional(Nullable('3600 to the maximum, or null.')),
    defaultClockSkewSeconds: Type.Optional(Nullable('0 to the maximum, or null.')),
    passwordUserMfa: Type.Optional(Type.Union([MfaMode, Type.Null()])),
    requiredForAdmins: Type.Optional(Type.Union([RequiredForAdmins, Type.Null()])),
    language: Type.Optional(Type.Union([Language, Type.Null()])),
  },
  { additionalProperties: false },
)
type SettingsPatch = Static<typeof SettingsPatch>

function settingsBody(view: SettingsView): Static<typeof SettingsBody> {
  return {
    settings: view.settings,
    effective: view.effective,
    defaults: { ...view.bounds.defaults, ...DEFAULT_MFA_POLICY, language: DEFAULT_LANGUAGE },
    maximums: view.bounds.maximums,
  }
}

export function registerSettingsRoutes(
  app: FastifyInstance,
  principalOf: PrincipalOf,
  deps: { readonly settings: OrgSettingsService },
): void {
  const path = '/api/v1/orgs/:orgId/settings'
  app.get<{ Params: { orgId: string } }>(
    path,
    {
      schema: {
        tags: ['organization'],
        summary: 'The organization’s settings, what applies, and the deployment’s bounds',
        params: OrgParams,
        response: { 200: { $ref: 'OrgSettings' }, ...ERROR_RESPONSES },
      },
    },
    async (request) => settingsBody(await deps.settings.get(request.params.orgId)),
  )

  app.patch<{ Params: { orgId: string }; Body: SettingsPatch }>(
    path,
    {
      schema: {
        tags: ['organization'],
        summary: 'Change settings (null: back to the deployment’s value); audited old → new',
        params: OrgParams,
        body: SettingsPatch,
        response: { 200: { $ref: 'OrgSettings' }, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      settingsBody(
        await deps.settings.update(request.params.orgId, request.body, principalOf(request).actor),
      ),
  )
}
