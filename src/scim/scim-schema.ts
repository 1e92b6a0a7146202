/**
 * What the SCIM server supports, as data (RFC 7643 §7, §8.7): the User (core + enterprise) and Group
 * attributes it stores, with type, mutability and case-exactness. The same table answers /Schemas, says
 * which attributes a filter may name, and drives attribute projection. Pure.
 */

export const SCHEMA = Object.freeze({
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
})

export type AttributeType = 'string' | 'boolean' | 'dateTime' | 'reference' | 'complex' | 'integer'

export interface AttributeDefinition {
  readonly name: string
  readonly type: AttributeType
  readonly multiValued?: boolean
  readonly required?: boolean
  readonly caseExact?: boolean
  readonly mutability?: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly'
  readonly returned?: 'always' | 'default' | 'never' | 'request'
  readonly uniqueness?: 'none' | 'server' | 'global'
  readonly description: string
  readonly subAttributes?: readonly AttributeDefinition[]
}

const str = (name: string, description: string, extra: Partial<AttributeDefinition> = {}) =>
  ({ name, type: 'string', description, ...extra }) as AttributeDefinition

const multiValued = (name: string, description: string): AttributeDefinition => ({
  name,
  type: 'complex',
  multiValued: true,
  description,
  subAttributes: [
    str('value', 'The value.'),
    str('display', 'A human-readable name.'),
    str('type', 'A label such as "work".'),
    { name: 'primary', type: 'boolean', description: 'The primary value.' },
  ],
})

export const USER_ATTRIBUTES: readonly AttributeDefinition[] = [
  str('userName', "The user's email address, in a domain the organization has verified.", {
    required: true,
    uniqueness: 'server',
  }),
  {
    name: 'name',
    type: 'complex',
    description: 'The components of the user’s name.',
    subAttributes: [
      str('formatted', 'The full name.'),
      str('familyName', 'The family name.'),
      str('givenName', 'The given name.'),
      str('middleName', 'The middle name.'),
      str('honorificPrefix', 'The honorific prefix.'),
      str('honorificSuffix', 'The honorific suffix.'),
    ],
  },
  str('displayName', 'The name to display.'),
  str('nickName', 'A casual name.'),
  str('profileUrl', 'A URL of the user’s profile.'),
  str('title', 'The user’s title.'),
  str('userType', 'How the organization relates to the user.'),
  str('preferredLanguage', 'Preferred language (RFC 7231 Accept-Language).'),
  str('locale', 'Locale (e.g. en-US).'),
  str('timezone', 'Time zone (IANA name).'),
  {
    name: 'active',
    type: 'boolean',
    description: 'False deactivates the user: sessions, codes and tokens end at once.',
  },
  multiValued('emails', 'Email addresses; userName is the one that signs in.'),
  multiValued('phoneNumbers', 'Phone numbers.'),
  {
    name: 'addresses',
    type: 'complex',
    multiValued: true,
    description: 'Postal addresses.',
    subAttributes: [
      str('formatted', 'The full address.'),
      str('streetAddress', 'Street address.'),
      str('locality', 'City or locality.'),
      str('region', 'State or region.'),
      str('postalCode', 'Postal code.'),
      str('country', 'Country (ISO 3166-1 alpha-2).'),
      str('type', 'A label such as "work".'),
      { name: 'primary', type: 'boolean', description: 'The primary address.' },
    ],
  },
  {
    name: 'groups',
    type: 'complex',
    multiValued: true,
    mutability: 'readOnly',
    description: 'Groups the user belongs to (change them through Groups).',
    subAttributes: [str('value', 'Group id.'), str('display', 'Group name.')],
  },
]

export const ENTERPRISE_ATTRIBUTES: readonly AttributeDefinition[] = [
  str('employeeNumber', 'Employee number.'),
  str('costCenter', 'Cost center.'),
  str('organization', 'Organization.'),
  str('division', 'Division.'),
  str('department', 'Department.'),
  {
    name: 'manager',
    type: 'complex',
    description: 'The user’s manager.',
    subAttributes: [
      str('value', 'The manager’s id.'),
      str('$ref', 'The manager’s URI.'),
      str('displayName', 'The manager’s name.', { mutability: 'readOnly' }),
    ],
  },
]

export const GROUP_ATTRIBUTES: readonly AttributeDefinition[] = [
  str('displayName', 'The group’s name.', { required: true }),
  {
    name: 'members',
    type: 'complex',
    multiValued: true,
    description: 'Users of this organization in the group.',
    subAttributes: [str('value', 'User id.'), str('display', 'User name.'), str('type', 'User.')],
  },
]

/** Attributes every resource has (RFC 7643 §3.1). */
export const COMMON_ATTRIBUTES = ['id', 'externalId', 'meta', 'schemas'] as const

/** Limits advertised in /ServiceProviderConfig and enforced by the server. */
export const SCIM_LIMITS = Object.freeze({
  maxResults: 200,
  defaultCount: 100,
  maxFilterLength: 2048,
  maxFilterDepth: 16,
  maxPatchOperations: 100,
  maxMembersPerRequest: 1000,
})

function schemaDocument(
  id: string,
  name: string,
  description: string,
  attributes: readonly AttributeDefinition[],
  baseUrl: string,
) {
  const expand = (a: AttributeDefinition): Record<string, unknown> => ({
    name: a.name,
    type: a.type,
    multiValued: a.multiValued ?? false,
    description: a.description,
    required: a.required ?? false,
    caseExact: a.caseExact ?? false,
    mutability: a.mutability ?? 'readWrite',
    returned: a.returned ?? 'default',
    uniqueness: a.uniqueness ?? 'none',
    ...(a.subAttributes === undefined ? {} : { subAttributes: a.subAttributes.map(expand) }),
  })
  return {
    schemas: [SCHEMA.schema],
    id,
    name,
    description,
    attributes: attributes.map(expand),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${id}` },
  }
}

export function schemaDocuments(baseUrl: string) {
  return [
    schemaDocument(SCHEMA.user, 'User', 'User Account', USER_ATTRIBUTES, baseUrl),
    schemaDocument(
      SCHEMA.enterprise,
      'EnterpriseUser',
      'Enterprise user',
      ENTERPRISE_ATTRIBUTES,
      baseUrl,
    ),
    schemaDocument(SCHEMA.group, 'Group', 'Group', GROUP_ATTRIBUTES, baseUrl),
  ]
}

export function resourceTypes(baseUrl: string) {
  return [
    {
      schemas: [SCHEMA.resourceType],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: SCHEMA.user,
      schemaExtensions: [{ schema: SCHEMA.enterprise, required: false }],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [SCHEMA.resourceType],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'Group',
      schema: SCHEMA.group,
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
    },
  ]
}

/** Exactly what the server does: PATCH, filters, ETags; no bulk, sort or password change. */
export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [SCHEMA.serviceProviderConfig],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: SCIM_LIMITS.maxResults },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description: 'A SCIM token made in the Admin Center (Admin API scim-tokens).',
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
        primary: true,
      },
    ],
    meta: {
      resourceType: 'ServiceProviderConfig',
      location: `${baseUrl}/ServiceProviderConfig`,
    },
  }
}
