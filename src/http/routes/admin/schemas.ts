/**
 * JSON Schemas of the Admin API (TypeBox): the routes validate with them and the OpenAPI document is
 * generated from them, so the two cannot drift (SPEC §7, STYLE rule 42).
 */
import Type, { type Static } from 'typebox'
import { DOMAIN_STATUSES, VERIFIED_BY } from '../../../domains/domain.ts'
import { FEATURES } from '../../../orgs/organization.ts'
import { ROLES, SSO_OVERRIDES, USER_STATUSES } from '../../../users/user.ts'

export const OrgParams = Type.Object(
  { orgId: Type.String({ maxLength: 100, description: 'Organization id.' }) },
  { additionalProperties: false },
)
export const UserParams = Type.Object(
  { orgId: Type.String({ maxLength: 100 }), userId: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
)

const Name = Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])

export const UserBody = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    givenName: Name,
    familyName: Name,
    displayName: Name,
    externalId: Type.Union([Type.String(), Type.Null()]),
    status: Type.Enum(USER_STATUSES),
    role: Type.Enum(ROLES),
    roleFrom: Type.Union(
      [
        Type.Object({
          mapping: Type.Literal(true),
          rule: Type.Union([
            Type.Object({
              source: Type.Enum(['scim_group', 'saml_attribute']),
              attribute: Type.Optional(Type.String()),
              match: Type.String(),
            }),
            Type.Null(),
          ]),
        }),
        Type.Null(),
      ],
      {
        description:
          'Set when the organization’s role mapping gave the role: the rule (the IdP group), or null when no rule matched (member). While it is set the role cannot be changed by hand (`user.role_from_idp`). Null: set by hand.',
      },
    ),
    ssoOverride: Type.Enum(SSO_OVERRIDES),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    lastLoginAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'User' },
)
export type UserBody = Static<typeof UserBody>

export const UserList = Type.Object({
  users: Type.Array(Type.Ref('User')),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `cursor` to get the next page; null on the last page.',
  }),
  total: Type.Integer({
    minimum: 0,
    description: 'How many users match the filters, on all pages.',
  }),
})

export const ListUsersQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,3}$', description: '1–100, default 50.' }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 300 })),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Substring of email or name.' }),
    ),
    status: Type.Optional(Type.Enum(USER_STATUSES)),
    role: Type.Optional(Type.Enum(ROLES)),
    sso: Type.Optional(
      Type.Enum(SSO_OVERRIDES, {
        description: "The user's SSO setting (`none`: follows the domain).",
      }),
    ),
  },
  { additionalProperties: false },
)
export type ListUsersQuery = Static<typeof ListUsersQuery>

export const CreateUser = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    role: Type.Optional(Type.Enum(['admin', 'member'])),
    givenName: Type.Optional(Name),
    familyName: Type.Optional(Name),
    displayName: Type.Optional(Name),
  },
  { additionalProperties: false },
)
export type CreateUser = Static<typeof CreateUser>

export const CreatedUser = Type.Object({
  user: Type.Ref('User'),
  inviteUrl: Type.String({ description: 'The invitation link; shown once.' }),
  emailDelivery: Type.Enum(['sent', 'failed', 'not_configured'], {
    description:
      'Whether the invitation was emailed (SMTP_URL); deliver the link yourself otherwise.',
  }),
})

export const ReissuedInvitation = Type.Object({
  user: Type.Ref('User'),
  inviteUrl: Type.String({
    description: 'The new invitation link; shown once. Earlier links no longer work.',
  }),
  expiresAt: Type.String({ format: 'date-time' }),
  emailDelivery: Type.Enum(['sent', 'failed', 'not_configured']),
})

export const SessionInfo = Type.Object({
  user: Type.Ref('User'),
  organizationId: Type.String(),
  organizationName: Type.String(),
  features: Type.Array(Type.Enum(FEATURES), {
    description: 'The organization’s plan: pages of a feature not in it are hidden.',
  }),
  consoleReturnUrl: Type.Union([Type.String(), Type.Null()], {
    description:
      'Where “Back to the console” goes, when the admin came through an operator’s setup link that named one.',
  }),
  role: Type.Enum(ROLES),
  mail: Type.Boolean({
    description:
      'Whether this deployment sends mail (invitations, password resets): without it, the Admin Center offers the links to send yourself.',
  }),
  csrfToken: Type.String({
    description: 'Send as X-CSRF-Token with session-authenticated changes.',
  }),
})

export const UpdateUser = Type.Object(
  {
    givenName: Type.Optional(Name),
    familyName: Type.Optional(Name),
    displayName: Type.Optional(Name),
    role: Type.Optional(Type.Enum(['admin', 'member'])),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateUser = Static<typeof UpdateUser>

export const SetUserSSO = Type.Object(
  {
    mode: Type.Enum(SSO_OVERRIDES, {
      description: '`enabled`: SSO required; `disabled`: password only; `none`: follow the domain.',
    }),
    confirm: Type.Optional(Type.Boolean({ description: 'Must be true.' })),
    acknowledgeLockoutRisk: Type.Optional(
      Type.Boolean({
        description:
          'Proceed although no owner or admin would keep a password way in (`409 enforcement.lockout_risk` otherwise).',
      }),
    ),
  },
  { additionalProperties: false },
)
export type SetUserSSO = Static<typeof SetUserSSO>

export const TransferOwnership = Type.Object(
  { userId: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
)
export type TransferOwnership = Static<typeof TransferOwnership>

export const DomainParams = Type.Object(
  { orgId: Type.String({ maxLength: 100 }), domainId: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
)

const Timestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()])

export const DomainBody = Type.Object(
  {
    id: Type.String(),
    name: Type.String({ description: 'Canonical (lower-case A-label) domain name.' }),
    status: Type.Enum(DOMAIN_STATUSES),
    verification: Type.Object({
      type: Type.Literal('TXT'),
      name: Type.String({ description: 'Where to publish the record.' }),
      value: Type.String({ description: 'The exact record value.' }),
    }),
    verifiedAt: Timestamp,
    verifiedBy: Type.Union([Type.Enum(VERIFIED_BY), Type.Null()], {
      description:
        '`dns`: its TXT record (re-checked daily); `operator`: vouched for by the operator (not re-checked); null while unverified.',
    }),
    lastCheckedAt: Timestamp,
    uncertainSince: Timestamp,
    ssoProfileId: Type.Union([Type.String(), Type.Null()]),
    enforced: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Domain' },
)
export type DomainBody = Static<typeof DomainBody>

export const DomainList = Type.Object({
  domains: Type.Array(Type.Ref('Domain')),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})

export const ListDomainsQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,3}$', description: '1–100, default 50.' }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 300 })),
    status: Type.Optional(Type.Enum(DOMAIN_STATUSES)),
  },
  { additionalProperties: false },
)
export type ListDomainsQuery = Static<typeof ListDomainsQuery>

export const AddDomain = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 253 }) },
  { additionalProperties: false },
)
export type AddDomain = Static<typeof AddDomain>

export const EnforcementBody = Type.Object({
  domains: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      status: Type.Enum(DOMAIN_STATUSES),
      enforced: Type.Boolean(),
      ssoProfileId: Type.Union([Type.String(), Type.Null()]),
      profileTested: Type.Boolean({
        description:
          'Whether the serving profile can sign users in and passed its last connection test (needed to enforce).',
      }),
      profileWarnings: Type.Array(
        Type.Object({
          code: Type.String(),
          at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
          message: Type.String(),
        }),
        {
          description:
            'What will soon stop the serving profile: an enforced domain whose profile expires is flagged here.',
        },
      ),
    }),
  ),
  affectedUsers: Type.Integer({ description: 'Users the enforced domains make SSO-required.' }),
  lockoutRisk: Type.Boolean({
    description: 'True when no owner or admin could sign in without the identity provider.',
  }),
})

export const SetEnforcement = Type.Object(
  {
    domains: Type.Array(Type.String({ minLength: 1, maxLength: 253 }), {
      maxItems: 100,
      uniqueItems: true,
      description: 'Every domain to enforce SSO on; domains not listed are no longer enforced.',
    }),
    acknowledgeLockoutRisk: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type SetEnforcement = Static<typeof SetEnforcement>

export const LockoutRiskQuery = Type.Object(
  {
    acknowledgeLockoutRisk: Type.Optional(
      Type.Enum(['true', 'false'], {
        description:
          'Proceed although no owner or admin would keep a password way in (`409 enforcement.lockout_risk` otherwise).',
      }),
    ),
  },
  { additionalProperties: false },
)
export type LockoutRiskQuery = Static<typeof LockoutRiskQuery>

export const LiftEnforcementQuery = Type.Object(
  {
    liftEnforcement: Type.Optional(
      Type.Enum(['true', 'false'], {
        description:
          'Lift enforcement, in the same transaction, on enforced domains this change leaves without a tested profile (`409 enforcement.profile_required` otherwise).',
      }),
    ),
  },
  { additionalProperties: false },
)
export type LiftEnforcementQuery = Static<typeof LiftEnforcementQuery>

export const DryRunQuery = Type.Object(
  { dryRun: Type.Optional(Type.Enum(['true', 'false'])) },
  { additionalProperties: false },
)

export const AuditEventBody = Type.Object({
  id: Type.String(),
  occurredAt: Type.String({ format: 'date-time' }),
  type: Type.String({ description: 'e.g. `login.failed`, `user.deactivated`, `domain.verified`.' }),
  outcome: Type.Enum(['success', 'failure']),
  reasonCode: Type.Union([Type.String(), Type.Null()]),
  actor: Type.Object({
    type: Type.String(),
    id: Type.Union([Type.String(), Type.Null()]),
    ip: Type.Union([Type.String(), Type.Null()]),
    userAgent: Type.Union([Type.String(), Type.Null()]),
  }),
  target: Type.Union([Type.Object({ type: Type.String(), id: Type.String() }), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
})

export const AuditEventList = Type.Object({
  events: Type.Array(AuditEventBody),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})

export const ListAuditQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,3}$', description: '1–100, default 50.' }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 300 })),
    actor: Type.Optional(Type.String({ maxLength: 100, description: 'Actor id (user or token).' })),
    user: Type.Optional(Type.String({ maxLength: 100, description: 'Target user id.' })),
    type: Type.Optional(Type.String({ maxLength: 100, pattern: '^[a-z_.]+$' })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive.' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive.' })),
  },
  { additionalProperties: false },
)
export type ListAuditQuery = Static<typeof ListAuditQuery>
