/**
 * JSON Schemas of the operator API (issue 23): the routes validate with them and the OpenAPI document is
 * generated from them.
 */
import Type, { type Static } from 'typebox'
import { FEATURES, ORG_STATUSES } from '../../../orgs/organization.ts'
import { SETUP_INTENTS } from '../../../orgs/setup-link.ts'
import { ID_TOKEN_ALGS } from '../../../oidc/signing-key.ts'
import { USER_STATUSES } from '../../../users/user.ts'
import { ERROR_RESPONSES } from '../../api-schemas.ts'

/** Every operator route's errors, plus 422 (an Idempotency-Key reused with another request). */
export const OPERATOR_ERROR_RESPONSES = { ...ERROR_RESPONSES, 422: Type.Ref('Error') } as const

/** Every operator route takes an operator token, and nothing else. */
export const OPERATOR_SECURITY = [{ operatorToken: [] }]

const DateTime = Type.String({ format: 'date-time' })
const Nullable = <T extends Type.TSchema>(schema: T, options: { description?: string } = {}) =>
  Type.Union([schema, Type.Null()], options)
const FEATURES_TEXT =
  'The plan: `sso` (SAML profiles and enforcement), `scim` (provisioning), `import` (CSV import and adopting accounts of verified domains). A feature left out hides its Admin Center pages and its Admin API routes answer 403 `org.feature_disabled`.'
const Features = Type.Array(Type.Enum(FEATURES), { uniqueItems: true, description: FEATURES_TEXT })
/** In requests, any string: an unknown feature is `org.unknown_feature`, naming it. */
const FeaturesIn = Type.Array(Type.String({ maxLength: 50 }), {
  maxItems: 10,
  description: `${FEATURES_TEXT} Known: ${FEATURES.join(', ')}; another is 400 \`org.unknown_feature\`.`,
})

export const OrganizationBody = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    externalId: Nullable(Type.String()),
    features: Features,
    status: Type.Enum(ORG_STATUSES),
    suspendedAt: Nullable(DateTime),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'Organization' },
)

const OwnerBody = Nullable(
  Type.Object({ id: Type.String(), email: Type.String(), status: Type.Enum(USER_STATUSES) }),
)

export const OrganizationView = Type.Object({
  organization: Type.Ref('Organization'),
  owner: OwnerBody,
})

export const CreatedOrganization = Type.Object({
  organization: Type.Ref('Organization'),
  owner: OwnerBody,
  created: Type.Boolean({
    description:
      'False when this request repeated one already done (same `externalId` and name, or same `Idempotency-Key` and body): nothing new was made.',
  }),
  invitation: Nullable(
    Type.Object({
      url: Type.String({ description: 'The owner’s invitation link; returned this once.' }),
      expiresAt: DateTime,
      emailDelivery: Type.Enum(['sent', 'failed', 'not_configured', 'not_requested']),
    }),
  ),
})

export const CreateOrganization = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    ownerEmail: Type.String({ minLength: 3, maxLength: 320 }),
    externalId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Your own id for this customer; a retried create with it makes nothing new.',
      }),
    ),
    features: Type.Optional(FeaturesIn),
    sendInvitation: Type.Optional(
      Type.Boolean({ description: 'Mail the owner the invitation (default true).' }),
    ),
  },
  { additionalProperties: false },
)
export type CreateOrganization = Static<typeof CreateOrganization>

export const UpdateOrganization = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    externalId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    features: Type.Optional(FeaturesIn),
    liftEnforcement: Type.Optional(
      Type.Boolean({
        description:
          'Needed to remove `sso` while a domain enforces it: enforcement is lifted (audited) and users without a password are sent a way to set one.',
      }),
    ),
  },
  { additionalProperties: false },
)
export type UpdateOrganization = Static<typeof UpdateOrganization>

export const ListOrganizationsQuery = Type.Object(
  {
    search: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Part of the name, or the exact external id.',
      }),
    ),
    status: Type.Optional(Type.Enum(ORG_STATUSES)),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
  },
  { additionalProperties: false },
)
export type ListOrganizationsQuery = Static<typeof ListOrganizationsQuery>

export const OrganizationList = Type.Object({
  organizations: Type.Array(Type.Ref('Organization')),
  nextCursor: Nullable(Type.String()),
})

export const OrgIdParams = Type.Object(
  { orgId: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
)

export const DeletedOrganization = Type.Object({
  deleted: Type.String(),
  rows: Type.Record(Type.String(), Type.Integer(), {
    description: 'How many rows each table lost.',
  }),
})

export const OwnerInvitation = Type.Object({
  userId: Type.String(),
  inviteUrl: Type.String({ description: 'Returned this once; earlier links stop working.' }),
  expiresAt: DateTime,
  emailDelivery: Type.Enum(['sent', 'failed', 'not_configured']),
})

export const VouchDomain = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 253 }) },
  { additionalProperties: false },
)
export const VouchedDomain = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: Type.String(),
  verifiedBy: Nullable(Type.Enum(['dns', 'operator'])),
})

export const CreateSetupLink = Type.Object(
  {
    intent: Type.Enum(SETUP_INTENTS, { description: 'The Admin Center page the link opens.' }),
    returnUrl: Type.Optional(
      Type.String({
        maxLength: 2000,
        description:
          'Where the Admin Center’s “Back to the console” goes: one of a registered client’s redirect, post-logout or initiate-login URIs.',
      }),
    ),
  },
  { additionalProperties: false },
)
export type CreateSetupLink = Static<typeof CreateSetupLink>
export const SetupLinkBody = Type.Object({
  url: Type.String({ description: 'Single-use; send the customer’s admin there.' }),
  expiresAt: DateTime,
})

const Uris = Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 20 })

export const ClientBody = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    type: Type.Enum(['public', 'confidential']),
    redirectUris: Type.Array(Type.String()),
    postLogoutRedirectUris: Type.Array(Type.String()),
    initiateLoginUri: Nullable(Type.String()),
    idTokenAlg: Type.Enum(ID_TOKEN_ALGS),
    backchannelLogoutUri: Nullable(Type.String()),
    previousSecretValidUntil: Nullable(DateTime, {
      description: 'Until when the secret before the last rotation works (then or already past).',
    }),
    builtin: Type.Boolean({ description: 'The Admin Center’s own client: read-only.' }),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'Client' },
)

export const CreateClient = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    type: Type.Enum(['public', 'confidential'], {
      description: 'A confidential client gets a secret, returned this once.',
    }),
    redirectUris: Type.Array(Type.String({ maxLength: 2000 }), { minItems: 1, maxItems: 20 }),
    postLogoutRedirectUris: Type.Optional(Uris),
    initiateLoginUri: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    idTokenAlg: Type.Optional(Type.Enum(ID_TOKEN_ALGS)),
    backchannelLogoutUri: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 2000,
          description:
            'OIDC Back-Channel Logout: where a logout token is POSTed when a session this client got tokens in ends.',
        }),
      ),
    ),
  },
  { additionalProperties: false },
)
export type CreateClient = Static<typeof CreateClient>

export const UpdateClient = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    redirectUris: Type.Optional(
      Type.Array(Type.String({ maxLength: 2000 }), { minItems: 1, maxItems: 20 }),
    ),
    postLogoutRedirectUris: Type.Optional(Uris),
    initiateLoginUri: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    idTokenAlg: Type.Optional(Type.Enum(ID_TOKEN_ALGS)),
    backchannelLogoutUri: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
)
export type UpdateClient = Static<typeof UpdateClient>

export const RotateSecret = Type.Object(
  {
    previousSecretValidSeconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 30 * 24 * 3600,
        description: 'How long the old secret keeps working (default 86400; 0 stops it now).',
      }),
    ),
  },
  { additionalProperties: false },
)
export type RotateSecret = Static<typeof RotateSecret>

export const ClientWithSecret = Type.Object({
  client: Type.Ref('Client'),
  clientSecret: Type.Optional(Type.String({ description: 'Returned this once.' })),
})

export const ClientIdParams = Type.Object(
  { clientId: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
)
