/**
 * SCIM Users (RFC 7643 §4.1, §4.3) to and from Portcullis users. userName is the email (SPEC §5);
 * name parts, displayName and externalId are the user's own columns; the rest of what the IdP sends and
 * the schema knows (emails, phone numbers, title, the enterprise extension …) is kept as SCIM data and
 * returned as sent. Input is read by attribute name, case-insensitively, into fresh objects: nothing the
 * client names can reach a prototype (SECURITY-CASES SCIM-07). Pure.
 */
import { AppError } from '../errors/app-error.ts'
import { canonicalizeEmail } from '../users/email.ts'
import { readOptionalName } from '../platform/names.ts'
import { MAX_USER_NAME_LENGTH, type User } from '../users/user.ts'
import type { AdmissionCodes } from '../users/admission.ts'
import type { ErrorCode } from '../errors/codes.ts'
import { SCHEMA } from './scim-schema.ts'

/**
 * SCIM's codes for the admission rule (SPEC §5): the userName's domain must be one the organization
 * verified; an address held by any other account is one generic 409 `uniqueness` (SECURITY-CASES SCIM-09).
 */
export const SCIM_ADMISSION: AdmissionCodes<ErrorCode> = Object.freeze({
  domain_owned_elsewhere: 'scim.domain_not_verified',
  domain_unverified: 'scim.domain_not_verified',
  held_here: 'scim.uniqueness',
  held_elsewhere: 'scim.uniqueness',
})

/** What a POST or PUT of a User says, validated. */
export interface UserInput {
  readonly email: string
  readonly emailCanonical: string
  readonly domain: string
  readonly externalId: string | null
  readonly givenName: string | null
  readonly familyName: string | null
  readonly displayName: string | null
  /** Undefined when not sent (PUT then keeps the current state: SECURITY-CASES SCIM-10). */
  readonly active: boolean | undefined
  readonly data: SCIMUserData
}

/** SCIM attributes kept beside the user's own columns. */
export type SCIMUserData = Readonly<Record<string, unknown>>

export interface GroupRef {
  readonly id: string
  readonly displayName: string
}

const SIMPLE_STRINGS = [
  'nickName',
  'profileUrl',
  'title',
  'userType',
  'preferredLanguage',
  'locale',
  'timezone',
] as const
const NAME_PARTS = [
  'formatted',
  'familyName',
  'givenName',
  'middleName',
  'honorificPrefix',
  'honorificSuffix',
] as const
const ENTERPRISE_STRINGS = [
  'employeeNumber',
  'costCenter',
  'organization',
  'division',
  'department',
] as const
/** Multi-valued complex attributes kept as sent, with the string sub-attributes each may have. */
const MULTI_VALUED: readonly (readonly [string, readonly string[]])[] = [
  ['emails', ['value', 'display', 'type']],
  ['phoneNumbers', ['value', 'display', 'type']],
  [
    'addresses',
    ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type'],
  ],
]
const MAX_STRING = 1024
const MAX_VALUES = 20

/** Reads a User resource (POST, PUT, or a PATCHed document). Throws `scim.*` AppErrors. */
export function readUserResource(body: unknown): UserInput {
  const resource = fields(body, 'the User')
  const schemas = resource.get('schemas')
  if (!Array.isArray(schemas) || !schemas.includes(SCHEMA.user)) {
    throw syntax(`schemas must include ${SCHEMA.user}`)
  }
  if (resource.has('password')) {
    throw new AppError('scim.invalid_value', {
      details: {
        reason: 'password is not accepted: users set theirs from their invitation, or use SSO',
      },
    })
  }
  const userName = resource.get('username')
  if (typeof userName !== 'string') throw value('userName is required')
  let email
  try {
    email = canonicalizeEmail(userName)
  } catch {
    throw new AppError('scim.domain_not_verified')
  }
  const data: Record<string, unknown> = {}
  const name = optionalObject(resource.get('name'), 'name')
  if (name !== undefined) {
    const parts: Record<string, string> = {}
    for (const part of NAME_PARTS) {
      const v = optionalName(name.get(part.toLowerCase()), `name.${part}`)
      if (v !== undefined && v !== null) parts[part] = v
    }
    data['name'] = parts
  }
  for (const attribute of SIMPLE_STRINGS) {
    const v = optionalString(resource.get(attribute.toLowerCase()), attribute)
    if (v !== undefined && v !== null) data[attribute] = v
  }
  for (const [attribute, subAttributes] of MULTI_VALUED) {
    const values = multiValued(resource.get(attribute.toLowerCase()), attribute, subAttributes)
    if (values !== undefined) data[attribute] = values
  }
  const enterprise = optionalObject(resource.get(SCHEMA.enterprise.toLowerCase()), 'enterprise')
  if (enterprise !== undefined) data[SCHEMA.enterprise] = readEnterprise(enterprise)
  const nameData = data['name'] as Record<string, string> | undefined
  return {
    email: email.email,
    emailCanonical: email.canonical,
    domain: email.domain,
    externalId: optionalString(resource.get('externalid'), 'externalId') ?? null,
    givenName: nameData?.['givenName'] ?? null,
    familyName: nameData?.['familyName'] ?? null,
    displayName: optionalName(resource.get('displayname'), 'displayName') ?? null,
    active: readBoolean(resource.get('active'), 'active'),
    data,
  }
}

/** The User resource of `user` (RFC 7643 §4.1), `meta` included. */
export function userResource(
  user: User,
  data: SCIMUserData,
  groups: readonly GroupRef[],
  baseUrl: string,
): Record<string, unknown> {
  const enterprise = data[SCHEMA.enterprise]
  const name: Record<string, unknown> = { ...(data['name'] as object | undefined) }
  if (user.givenName !== null) name['givenName'] = user.givenName
  if (user.familyName !== null) name['familyName'] = user.familyName
  const resource: Record<string, unknown> = {
    schemas: enterprise === undefined ? [SCHEMA.user] : [SCHEMA.user, SCHEMA.enterprise],
    id: user.id,
    ...(user.externalId !== null && { externalId: user.externalId }),
    userName: user.email,
    ...(Object.keys(name).length > 0 && { name }),
    ...(user.displayName !== null && { displayName: user.displayName }),
  }
  for (const attribute of SIMPLE_STRINGS) {
    if (data[attribute] !== undefined) resource[attribute] = data[attribute]
  }
  resource['active'] = user.status !== 'deactivated'
  resource['emails'] = data['emails'] ?? [{ value: user.email, type: 'work', primary: true }]
  for (const attribute of ['phoneNumbers', 'addresses']) {
    if (data[attribute] !== undefined) resource[attribute] = data[attribute]
  }
  resource['groups'] = groups.map((g) => ({
    value: g.id,
    display: g.displayName,
    $ref: `${baseUrl}/Groups/${g.id}`,
  }))
  if (enterprise !== undefined) resource[SCHEMA.enterprise] = enterprise
  resource['meta'] = {
    resourceType: 'User',
    created: new Date(user.createdAt).toISOString(),
    lastModified: new Date(user.updatedAt).toISOString(),
    location: `${baseUrl}/Users/${user.id}`,
    version: etag(user.version),
  }
  return resource
}

/** A weak ETag of a version number (RFC 7644 §3.14). */
export function etag(version: number): string {
  return `W/"${version}"`
}

function readEnterprise(source: ReadonlyMap<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const attribute of ENTERPRISE_STRINGS) {
    const v = optionalString(source.get(attribute.toLowerCase()), attribute)
    if (v !== undefined && v !== null) out[attribute] = v
  }
  let manager = source.get('manager')
  // Entra ID's documented PATCH sends the manager as a one-element array: [{"$ref": null, "value": "…"}].
  if (Array.isArray(manager)) {
    if (manager.length > 1) throw value('manager must be one value')
    manager = manager[0]
  }
  if (typeof manager === 'string') {
    out['manager'] = { value: boundedString(manager, 'manager') }
  } else if (manager !== undefined && manager !== null) {
    const m = fields(manager, 'manager')
    const ref: Record<string, string> = {}
    for (const [key, name] of [
      ['value', 'value'],
      ['$ref', '$ref'],
      ['displayname', 'displayName'],
    ] as const) {
      const v = optionalString(m.get(key), `manager.${name}`)
      if (v !== undefined && v !== null) ref[name] = v
    }
    out['manager'] = ref
  }
  return out
}

function multiValued(
  input: unknown,
  attribute: string,
  subAttributes: readonly string[],
): Record<string, unknown>[] | undefined {
  if (input === undefined || input === null) return undefined
  if (!Array.isArray(input)) throw value(`${attribute} must be an array`)
  if (input.length > MAX_VALUES) throw new AppError('scim.too_many', { details: { attribute } })
  return input.map((item) => {
    const entry = fields(item, attribute)
    const out: Record<string, unknown> = {}
    for (const key of subAttributes) {
      const v = optionalString(entry.get(key.toLowerCase()), `${attribute}.${key}`)
      if (v !== undefined && v !== null) out[key] = v
    }
    const primary = readBoolean(entry.get('primary'), `${attribute}.primary`)
    if (primary !== undefined) out['primary'] = primary
    return out
  })
}

/**
 * An object's own fields by lower-cased name, in a Map (attribute names are case-insensitive, RFC 7643
 * §2.1; a Map cannot be steered into Object.prototype by a `__proto__` key).
 */
export function fields(input: unknown, what: string): Map<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw syntax(`${what} must be a JSON object`)
  }
  const map = new Map<string, unknown>()
  for (const [key, v] of Object.entries(input)) map.set(key.toLowerCase(), v)
  return map
}

function optionalObject(input: unknown, what: string): Map<string, unknown> | undefined {
  return input === undefined || input === null ? undefined : fields(input, what)
}

function optionalString(input: unknown, what: string): string | null | undefined {
  if (input === undefined) return undefined
  if (input === null) return null
  if (typeof input !== 'string') throw value(`${what} must be a string`)
  return boundedString(input, what)
}

/**
 * A name part or display name: the one name rule (`platform/names.ts`: no control or bidirectional
 * control characters, at most the user name length); blank is null.
 */
function optionalName(input: unknown, what: string): string | null | undefined {
  if (input === undefined) return undefined
  const name = readOptionalName(input, MAX_USER_NAME_LENGTH)
  if (name === undefined) {
    throw value(
      `${what} must be a string of at most ${MAX_USER_NAME_LENGTH} characters without control or bidirectional-control characters`,
    )
  }
  return name
}

function boundedString(input: string, what: string): string {
  // eslint-disable-next-line no-control-regex
  if (input.length > MAX_STRING || /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(input)) {
    throw value(`${what} is too long or holds control characters`)
  }
  return input
}

/** A boolean, or the strings "True"/"False" in any case as Entra ID sends them. */
export function readBoolean(input: unknown, what: string): boolean | undefined {
  if (input === undefined || input === null) return undefined
  if (typeof input === 'boolean') return input
  if (typeof input === 'string' && /^(true|false)$/i.test(input)) {
    return input.toLowerCase() === 'true'
  }
  throw value(`${what} must be true or false`)
}

function syntax(reason: string): AppError {
  return new AppError('scim.invalid_syntax', { details: { reason } })
}

function value(reason: string): AppError {
  return new AppError('scim.invalid_value', { details: { reason } })
}
