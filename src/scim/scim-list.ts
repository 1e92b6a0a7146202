/**
 * Query parameters of SCIM lists and reads (RFC 7644 §3.4.2.4, §3.9): paging by `startIndex` / `count`
 * with the RFC's rules for values out of range, and `attributes` / `excludedAttributes` projection. Pure.
 */
import { AppError } from '../errors/app-error.ts'
import { SCHEMA, SCIM_LIMITS } from './scim-schema.ts'

export interface Paging {
  /** 1-based, as SCIM counts. */
  readonly startIndex: number
  readonly count: number
}

/** startIndex < 1 is 1; count < 0 is 0; count above the maximum is the maximum. */
export function paging(startIndex: string | undefined, count: string | undefined): Paging {
  const number = (text: string | undefined, fallback: number, what: string): number => {
    if (text === undefined || text === '') return fallback
    if (!/^-?\d{1,20}$/.test(text)) {
      throw new AppError('scim.invalid_value', {
        details: { reason: `${what} must be an integer` },
      })
    }
    return Number(text)
  }
  const start = number(startIndex, 1, 'startIndex')
  const size = number(count, SCIM_LIMITS.defaultCount, 'count')
  return {
    startIndex:
      Number.isSafeInteger(start) && start >= 1 ? start : start < 1 ? 1 : Number.MAX_SAFE_INTEGER,
    count: Math.min(Math.max(size, 0), SCIM_LIMITS.maxResults),
  }
}

export interface Projection {
  readonly attributes: readonly string[] | undefined
  readonly excluded: readonly string[] | undefined
}

export function projection(
  attributes: string | undefined,
  excluded: string | undefined,
): Projection {
  const list = (text: string | undefined) =>
    text === undefined || text.trim() === ''
      ? undefined
      : text
          .split(',')
          .map((a) => normalize(a.trim()))
          .filter((a) => a !== '')
  return { attributes: list(attributes), excluded: list(excluded) }
}

/** Applies a projection to a resource; `id` and `schemas` are always returned (RFC 7643 §2.4). */
export function project(
  resource: Record<string, unknown>,
  { attributes, excluded }: Projection,
): Record<string, unknown> {
  if (attributes === undefined && excluded === undefined) return resource
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(resource)) {
    const name = normalize(key)
    if (name === 'id' || name === 'schemas') {
      out[key] = value
      continue
    }
    if (attributes !== undefined) {
      if (attributes.includes(name)) out[key] = value
      else {
        const subs = attributes
          .filter((a) => a.startsWith(`${name}.`))
          .map((a) => a.slice(name.length + 1))
        if (
          subs.length > 0 &&
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value)
        ) {
          out[key] = pick(value as Record<string, unknown>, subs)
        } else if (subs.length > 0 && Array.isArray(value)) {
          out[key] = value.map((v) =>
            typeof v === 'object' && v !== null ? pick(v as Record<string, unknown>, subs) : v,
          )
        }
      }
      continue
    }
    if (excluded?.includes(name)) continue
    out[key] = value
  }
  return out
}

function pick(object: Record<string, unknown>, subs: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([k]) => subs.includes(k.toLowerCase())))
}

/**
 * Lower case, without the core schema prefix; extension attributes keep theirs. A value filter some
 * clients put in `attributes` (`emails[type eq "work"]`, not an attribute path: RFC 7644 §3.10) is read
 * as its attribute.
 */
function normalize(name: string): string {
  const lower = name.replace(/\[.*\]/s, '').toLowerCase()
  for (const urn of [SCHEMA.user, SCHEMA.group]) {
    if (lower.startsWith(`${urn.toLowerCase()}:`)) return lower.slice(urn.length + 1)
  }
  return lower
}

export function listResponse(
  resources: readonly Record<string, unknown>[],
  total: number,
  startIndex: number,
) {
  return {
    schemas: [SCHEMA.listResponse],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  }
}
