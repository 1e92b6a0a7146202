/**
 * Attribute mapping (SPEC §2 "attribute mapping (email/name attributes)"): which SAML attributes of the
 * signed assertion carry a user's given, family and display names. Names only: the email is the NameID
 * (SPEC §3.7) and nothing here touches roles or access. A value that cannot be a name (several values,
 * too long, control characters, empty) is ignored with its reason — never an error that blocks sign-in.
 */
import { AppError } from '../errors/app-error.ts'
import { hasForbiddenCharacters, readName } from '../platform/names.ts'
import type { AttributeMapping } from './sso-profile.ts'
import type { IdPProduct } from './idp-products.ts'

export const NAME_FIELDS = ['givenName', 'familyName', 'displayName'] as const
export type NameField = (typeof NAME_FIELDS)[number]

/** The longest user name Portcullis stores (as the Admin API and imports do). */
export const MAX_MAPPED_NAME_LENGTH = 200
const MAX_ATTRIBUTE_NAME_LENGTH = 256

const XMLSOAP = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims'

/** What the big IdPs send by default, by claim name. */
export const PRESETS = {
  'entra-id': {
    givenName: `${XMLSOAP}/givenname`,
    familyName: `${XMLSOAP}/surname`,
    displayName: 'http://schemas.microsoft.com/identity/claims/displayname',
  },
  adfs: {
    givenName: `${XMLSOAP}/givenname`,
    familyName: `${XMLSOAP}/surname`,
    displayName: 'http://schemas.xmlsoap.org/claims/CommonName',
  },
  okta: { givenName: 'firstName', familyName: 'lastName', displayName: 'displayName' },
  'google-workspace': {
    givenName: 'FirstName',
    familyName: 'LastName',
    displayName: 'DisplayName',
  },
  // These send no names by default: their guides (the Admin Center's, docs/idp-guides/) add these.
  onelogin: { givenName: 'firstName', familyName: 'lastName' },
  jumpcloud: { givenName: 'firstName', familyName: 'lastName' },
  ping: { givenName: 'firstName', familyName: 'lastName' },
  keycloak: { givenName: 'firstName', familyName: 'lastName' },
} as const satisfies Record<string, AttributeMapping & { givenName: string; familyName: string }>

export type PresetName = keyof typeof PRESETS
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[]

/** The names preset an IdP product's guide sets up; `other` has none (the first test suggests one). */
export function presetForProduct(product: IdPProduct): PresetName | undefined {
  return product === 'other' ? undefined : product
}

/** The IdP product an entity ID names, when it follows that product's fixed pattern. */
export function presetForEntityId(entityId: string | null | undefined): PresetName | undefined {
  if (!entityId) return undefined
  if (/^https:\/\/sts\.windows\.net\/[^/]+\/?$/.test(entityId)) return 'entra-id'
  if (/^https:\/\/login\.microsoftonline\.com\/[^/]+\/v2\.0\/?$/.test(entityId)) return 'entra-id'
  if (/^https?:\/\/www\.okta\.com\/[A-Za-z0-9]+$/.test(entityId)) return 'okta'
  if (/^https:\/\/accounts\.google\.com\/o\/saml2\b/.test(entityId)) return 'google-workspace'
  if (/\/adfs\/services\/trust\/?$/i.test(entityId)) return 'adfs'
  return undefined
}

/** The preset whose attributes a test's assertion carries (all of the mapped ones it sends). */
export function presetForAttributes(
  attributes: Readonly<Record<string, readonly string[]>>,
): PresetName | undefined {
  const has = (name: string) => Object.hasOwn(attributes, name)
  // Entra's tenant claim tells it from AD FS, which shares the xmlsoap claim names.
  if (
    has('http://schemas.microsoft.com/identity/claims/tenantid') &&
    has(PRESETS['entra-id'].givenName)
  )
    return 'entra-id'
  for (const name of PRESET_NAMES) {
    if (name === 'entra-id') continue
    const preset = PRESETS[name]
    if (has(preset.givenName) && has(preset.familyName)) return name
  }
  return undefined
}

/** Whether two mappings map the same fields to the same attribute names. */
export function sameMapping(a: AttributeMapping, b: AttributeMapping): boolean {
  return NAME_FIELDS.every((field) => a[field] === b[field])
}

/** An admin's mapping: each field an attribute name or absent; anything else is refused. */
export function validateMapping(input: unknown): AttributeMapping {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalid('attributeMapping', 'an object')
  }
  const out: Record<string, string> = {}
  for (const [field, value] of Object.entries(input)) {
    if (!(NAME_FIELDS as readonly string[]).includes(field)) {
      throw invalid(`attributeMapping.${field}`, `one of ${NAME_FIELDS.join(', ')}`)
    }
    if (value === null) continue
    const name = readName(value, MAX_ATTRIBUTE_NAME_LENGTH)
    if (name === undefined) {
      throw invalid(
        `attributeMapping.${field}`,
        'an attribute name of 1 to 256 characters, or null',
      )
    }
    out[field] = name
  }
  return out
}

function invalid(field: string, reason: string): AppError {
  return new AppError('sso.invalid_settings', { details: { field, reason } })
}

export type IgnoredReason = 'multi_valued' | 'too_long' | 'control_characters' | 'empty'

export interface MappedNames {
  /** The names the assertion gives, by field (only mapped fields whose value is a usable name). */
  readonly names: Partial<Record<NameField, string>>
  /** Mapped attributes that arrived but were not used, and why. */
  readonly ignored: readonly { field: NameField; attribute: string; reason: IgnoredReason }[]
  /** Mapped attributes that did not arrive (the field is left as it is). */
  readonly missing: readonly { field: NameField; attribute: string }[]
}

export function mapNames(
  mapping: AttributeMapping,
  attributes: Readonly<Record<string, readonly string[]>>,
): MappedNames {
  const names: Partial<Record<NameField, string>> = {}
  const ignored: { field: NameField; attribute: string; reason: IgnoredReason }[] = []
  const missing: { field: NameField; attribute: string }[] = []
  for (const field of NAME_FIELDS) {
    const attribute = mapping[field]
    if (attribute === undefined) continue
    const values = Object.hasOwn(attributes, attribute) ? attributes[attribute] : undefined
    if (values === undefined || values.length === 0) {
      missing.push({ field, attribute })
      continue
    }
    if (values.length > 1) {
      ignored.push({ field, attribute, reason: 'multi_valued' })
      continue
    }
    const value = (values[0] ?? '').trim().normalize('NFC')
    const reason: IgnoredReason | undefined =
      value === ''
        ? 'empty'
        : hasForbiddenCharacters(value)
          ? 'control_characters'
          : value.length > MAX_MAPPED_NAME_LENGTH
            ? 'too_long'
            : undefined
    if (reason !== undefined) ignored.push({ field, attribute, reason })
    else names[field] = value
  }
  return { names, ignored, missing }
}
