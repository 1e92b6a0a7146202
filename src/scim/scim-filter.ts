/**
 * SCIM filters (RFC 7644 §3.4.2.2): parsed by `scim2-parse-filter` (a maintained grammar parser; no
 * hand-written one), behind length and nesting limits it lacks, then resolved against what the server
 * stores into a small tree of column comparisons that storage turns into parameterised SQL. Unknown
 * attributes, wrong value types and unsupported shapes are `400 invalidFilter`. Pure.
 */
import { parse, type Compare, type Filter } from 'scim2-parse-filter'
import { AppError } from '../errors/app-error.ts'
import { canonicalizeEmail } from '../users/email.ts'
import { SCHEMA, SCIM_LIMITS } from './scim-schema.ts'

export const COMPARE_OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const
export type CompareOperator = (typeof COMPARE_OPERATORS)[number]

/** A stored field a filter can compare. */
export interface FilterField {
  /** The storage's name for it (a column, or `active`, `member` for what needs a join). */
  readonly field: string
  readonly type: 'string' | 'boolean' | 'dateTime'
  /** Case-exact strings compare as given; the others case-insensitively (RFC 7643 §2.2). */
  readonly caseExact: boolean
  /**
   * The column holds canonical (lower-cased) emails: the value is canonicalized here and the column
   * compared as it is, so its index serves `eq` and `sw`.
   */
  readonly canonicalEmail?: boolean
}

export type FieldFilter =
  | {
      readonly kind: 'compare'
      readonly field: FilterField
      readonly op: CompareOperator
      readonly value: string | number | boolean | null
    }
  | { readonly kind: 'present'; readonly field: FilterField }
  | { readonly kind: 'and' | 'or'; readonly filters: readonly FieldFilter[] }
  | { readonly kind: 'not'; readonly filter: FieldFilter }
  | { readonly kind: 'constant'; readonly value: boolean }

/** Filterable attributes of a resource, by lower-cased path; value paths by attribute. */
export interface FilterVocabulary {
  readonly attributes: ReadonlyMap<string, FilterField>
  /** `emails[…]`: how the sub-attributes inside the brackets resolve. */
  readonly valuePaths: ReadonlyMap<string, (subAttribute: string, f: Filter) => FieldFilter>
}

const field = (name: string, type: FilterField['type'], caseExact = false): FilterField => ({
  field: name,
  type,
  caseExact,
})
const EMAIL = { ...field('email_canonical', 'string'), canonicalEmail: true }

const USER_FIELDS = new Map<string, FilterField>([
  ['id', field('id', 'string', true)],
  ['username', EMAIL],
  ['externalid', field('external_id', 'string', true)],
  ['displayname', field('display_name', 'string')],
  ['name.givenname', field('given_name', 'string')],
  ['name.familyname', field('family_name', 'string')],
  ['active', field('active', 'boolean')],
  ['emails', EMAIL],
  ['emails.value', EMAIL],
  ['meta.created', field('created_at', 'dateTime')],
  ['meta.lastmodified', field('updated_at', 'dateTime')],
])

/**
 * `emails[…]`: the userName is the one stored email, of type "work" and primary; a condition on another
 * type or on a non-primary email matches nothing.
 */
function emailValuePath(subAttribute: string, f: Filter): FieldFilter {
  if (subAttribute === 'value') return resolveCompare(f, EMAIL)
  if (subAttribute === 'type' && f.op === 'eq' && typeof f.compValue === 'string') {
    return { kind: 'constant', value: f.compValue.toLowerCase() === 'work' }
  }
  if (subAttribute === 'primary' && f.op === 'eq' && typeof f.compValue === 'boolean') {
    return { kind: 'constant', value: f.compValue }
  }
  throw invalid(`emails.${subAttribute} cannot be filtered that way`)
}

export const USER_FILTERS: FilterVocabulary = {
  attributes: USER_FIELDS,
  valuePaths: new Map([['emails', emailValuePath]]),
}

export const GROUP_FILTERS: FilterVocabulary = {
  attributes: new Map([
    ['id', field('id', 'string', true)],
    ['displayname', field('display_name', 'string')],
    ['externalid', field('external_id', 'string', true)],
    ['members', field('member', 'string', true)],
    ['members.value', field('member', 'string', true)],
    ['meta.created', field('created_at', 'dateTime')],
    ['meta.lastmodified', field('updated_at', 'dateTime')],
  ]),
  valuePaths: new Map([
    [
      'members',
      (sub: string, f: Filter) => {
        if (sub !== 'value') throw invalid(`members.${sub} cannot be filtered`)
        return resolveCompare(f, field('member', 'string', true))
      },
    ],
  ]),
}

/** Parses and resolves `text`; undefined for no filter. Throws `scim.invalid_filter`. */
export function parseFilter(
  text: string | undefined,
  vocabulary: FilterVocabulary,
): FieldFilter | undefined {
  if (text === undefined || text.trim() === '') return undefined
  assertWithinLimits(text)
  let ast: Filter
  try {
    ast = parse(text)
  } catch (error) {
    throw invalid((error as Error).message.slice(0, 200))
  }
  return resolve(ast, vocabulary)
}

/** Length and nesting checked before parsing: the parser recurses and has no limits of its own. */
function assertWithinLimits(text: string): void {
  if (text.length > SCIM_LIMITS.maxFilterLength) throw invalid('filter too long')
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '(' || c === '[') {
      if (++depth > SCIM_LIMITS.maxFilterDepth) throw invalid('filter nested too deeply')
    } else if (c === ')' || c === ']') depth--
  }
  // `not` without parentheses nests too: count the words as well.
  if ((text.match(/\bnot\b/gi) ?? []).length > SCIM_LIMITS.maxFilterDepth) {
    throw invalid('filter nested too deeply')
  }
}

function resolve(f: Filter, vocabulary: FilterVocabulary): FieldFilter {
  switch (f.op) {
    case 'and':
    case 'or':
      return { kind: f.op, filters: f.filters.map((x) => resolve(x, vocabulary)) }
    case 'not':
      return { kind: 'not', filter: resolve(f.filter, vocabulary) }
    case '[]': {
      const attribute = attributeName(f.attrPath)
      const valuePath = vocabulary.valuePaths.get(attribute)
      if (valuePath === undefined) throw invalid(`${f.attrPath}[…] is not supported`)
      return resolveInside(f.valFilter, (sub, inner) => valuePath(sub, inner))
    }
    default: {
      const path = attributeName(f.attrPath)
      const known = vocabulary.attributes.get(path)
      if (known === undefined) throw invalid(`unknown or unfilterable attribute ${f.attrPath}`)
      return resolveCompare(f, known)
    }
  }
}

/** Inside brackets, attribute paths are sub-attributes of the value path's attribute. */
function resolveInside(
  f: Filter,
  leaf: (subAttribute: string, f: Filter) => FieldFilter,
): FieldFilter {
  switch (f.op) {
    case 'and':
    case 'or':
      return { kind: f.op, filters: f.filters.map((x) => resolveInside(x, leaf)) }
    case 'not':
      return { kind: 'not', filter: resolveInside(f.filter, leaf) }
    case '[]':
      throw invalid('nested value paths are not allowed')
    default:
      return leaf(f.attrPath.toLowerCase(), f)
  }
}

function resolveCompare(f: Filter, target: FilterField): FieldFilter {
  if (f.op === 'pr') return { kind: 'present', field: target }
  if (!isCompare(f)) throw invalid('expected a comparison')
  const value = f.compValue
  if (target.type === 'boolean') {
    if (typeof value !== 'boolean' || (f.op !== 'eq' && f.op !== 'ne')) {
      throw invalid(`${f.attrPath} compares only eq/ne with true or false`)
    }
  } else if (target.type === 'dateTime') {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
      throw invalid(`${f.attrPath} compares with a dateTime string`)
    }
    if (f.op === 'co' || f.op === 'sw' || f.op === 'ew') throw invalid('substring on a dateTime')
    return { kind: 'compare', field: target, op: f.op, value: Date.parse(value) }
  } else if (typeof value !== 'string' && value !== null) {
    throw invalid(`${f.attrPath} compares with a string`)
  }
  if (target.canonicalEmail === true && typeof value === 'string') {
    return { kind: 'compare', field: target, op: f.op, value: canonicalEmailValue(f.op, value) }
  }
  return { kind: 'compare', field: target, op: f.op, value }
}

/** A whole address as the users table stores it; a part of one (co, sw, ew) lower-cased. */
function canonicalEmailValue(op: string, value: string): string {
  const lower = value.normalize('NFC').toLowerCase()
  if (op === 'co' || op === 'sw' || op === 'ew') return lower
  try {
    return canonicalizeEmail(value).canonical
  } catch {
    return lower // not an address: matches nothing, as it should
  }
}

function isCompare(f: Filter): f is Compare {
  return (COMPARE_OPERATORS as readonly string[]).includes(f.op)
}

/** Lower-cased path, with the core or enterprise schema URN prefix removed (RFC 7644 §3.10). */
function attributeName(path: string): string {
  const lower = path.toLowerCase()
  for (const urn of [SCHEMA.user, SCHEMA.group]) {
    const prefix = `${urn.toLowerCase()}:`
    if (lower.startsWith(prefix)) return lower.slice(prefix.length)
  }
  return lower
}

function invalid(reason: string): AppError {
  return new AppError('scim.invalid_filter', { details: { reason } })
}
