/**
 * SCIM filters (already resolved to stored fields by `scim/scim-filter.ts`) as parameterised SQL for both
 * engines: values are always bound, LIKE patterns escaped, case-insensitive strings lower-cased on both
 * sides. Fields that are not plain columns (`active`, group `member`) come from the caller.
 */
import { sql, type RawBuilder } from 'kysely'
import type { FieldFilter, FilterField } from '../../scim/scim-filter.ts'
import { escapeLike } from './like.ts'

type Bool = RawBuilder<boolean>

/** Builds the condition of a field that is not a plain column; undefined for a column. */
export type SpecialField = (
  field: FilterField,
  op: 'eq' | 'ne' | 'pr' | string,
  value: string | number | boolean | null,
) => Bool | undefined

export function filterSQL(filter: FieldFilter, table: string, special: SpecialField): Bool {
  switch (filter.kind) {
    case 'constant':
      return filter.value ? sql<boolean>`1 = 1` : sql<boolean>`1 = 0`
    case 'and':
    case 'or': {
      const parts = filter.filters.map((f) => filterSQL(f, table, special))
      return sql<boolean>`(${sql.join(parts, filter.kind === 'and' ? sql` and ` : sql` or `)})`
    }
    case 'not':
      return sql<boolean>`not (${filterSQL(filter.filter, table, special)})`
    case 'present': {
      const custom = special(filter.field, 'pr', null)
      if (custom !== undefined) return custom
      const column = sql.ref(`${table}.${filter.field.field}`)
      return filter.field.type === 'string'
        ? sql<boolean>`(${column} is not null and ${column} <> '')`
        : sql<boolean>`${column} is not null`
    }
    case 'compare':
      return special(filter.field, filter.op, filter.value) ?? compare(filter, table)
  }
}

function compare(filter: Extract<FieldFilter, { kind: 'compare' }>, table: string): Bool {
  const { field, op, value } = filter
  const ref = sql.ref(`${table}.${field.field}`)
  if (value === null) {
    return op === 'ne' ? sql<boolean>`${ref} is not null` : sql<boolean>`${ref} is null`
  }
  // Canonical emails are stored lower-cased and the value came canonicalized: the bare column keeps
  // its index usable (LIKE is case-sensitive on both engines, so `sw` uses it too).
  const bare = field.caseExact || field.type !== 'string' || field.canonicalEmail === true
  const column = bare ? ref : sql`lower(${ref})`
  const text = typeof value === 'string' && !bare ? value.normalize('NFC').toLowerCase() : value
  if (op === 'co' || op === 'sw' || op === 'ew') {
    const escaped = escapeLike(String(text))
    const pattern = op === 'co' ? `%${escaped}%` : op === 'sw' ? `${escaped}%` : `%${escaped}`
    return sql<boolean>`${column} like ${pattern} escape '\\'`
  }
  const operators: Record<string, string> = {
    eq: '=',
    ne: '<>',
    gt: '>',
    ge: '>=',
    lt: '<',
    le: '<=',
  }
  const condition = sql<boolean>`${column} ${sql.raw(operators[op] ?? '=')} ${text}`
  // An absent attribute is "not equal" to any value (RFC 7644 §3.4.2.2).
  return op === 'ne' ? sql<boolean>`(${ref} is null or ${condition})` : condition
}
