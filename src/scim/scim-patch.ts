/**
 * SCIM PATCH (RFC 7644 §3.5.2) applied to a resource's JSON document, all or nothing: every operation
 * works on a copy, and the result is validated like a PUT before anything is stored. Accepts the forms
 * Entra ID and Okta send: `op` in any case, no `path` with an object `value`, `"False"` strings (read
 * later), enterprise URN paths, `emails[type eq "work"].value` that creates the element it names, and
 * `members` removals by value filter or by a list of values. Value filters are parsed and evaluated by
 * `scim2-parse-filter`. Keys are matched case-insensitively and only on own properties. Pure.
 */
import { isDeepStrictEqual } from 'node:util'
import { filter as compileFilter, parse } from 'scim2-parse-filter'
import { AppError } from '../errors/app-error.ts'
import { fields } from './scim-user.ts'
import { SCHEMA, SCIM_LIMITS } from './scim-schema.ts'

type Doc = Record<string, unknown>

export interface PatchRules {
  /** Lower-cased attributes no operation may touch (`id`, `meta`, `groups` …). */
  readonly readOnly: ReadonlySet<string>
  /** Lower-cased multi-valued attributes, to which `add` appends. */
  readonly multiValued: ReadonlySet<string>
  /** Schema URNs whose attributes live under their URN key (the enterprise extension). */
  readonly extensions: readonly string[]
  /** The resource's core schema URN, accepted as a path prefix. */
  readonly core: string
}

interface Path {
  /** Under an extension's URN key, or undefined for core attributes. */
  readonly extension: string | undefined
  readonly attribute: string
  readonly filter: string | undefined
  readonly sub: string | undefined
}

export function applyPatch(document: Doc, body: unknown, rules: PatchRules): Doc {
  const message = fields(body, 'the PATCH request')
  const schemas = message.get('schemas')
  if (!Array.isArray(schemas) || !schemas.includes(SCHEMA.patchOp)) {
    throw syntax(`schemas must include ${SCHEMA.patchOp}`)
  }
  const operations = message.get('operations')
  if (!Array.isArray(operations) || operations.length === 0) {
    throw syntax('Operations must be a non-empty array')
  }
  if (operations.length > SCIM_LIMITS.maxPatchOperations) {
    throw new AppError('scim.too_many', { details: { reason: 'too many operations' } })
  }
  const doc = structuredClone(document)
  for (const raw of operations) {
    const operation = fields(raw, 'an operation')
    const op = String(operation.get('op') ?? '').toLowerCase()
    if (op !== 'add' && op !== 'replace' && op !== 'remove') {
      throw syntax(`op must be add, replace or remove`)
    }
    const pathText = operation.get('path')
    const value = operation.get('value')
    if (pathText === undefined || pathText === null || pathText === '') {
      if (op === 'remove')
        throw new AppError('scim.no_target', { details: { reason: 'remove needs a path' } })
      applyWithoutPath(doc, op, value, rules)
      continue
    }
    if (typeof pathText !== 'string') throw invalidPath('path must be a string')
    const path = parsePath(pathText, rules)
    if (op === 'remove') remove(doc, path, value)
    else set(doc, path, op, value, rules)
  }
  return doc
}

/** `{"op": "replace", "value": {"active": false, "name.givenName": "Ada"}}` */
function applyWithoutPath(
  doc: Doc,
  op: 'add' | 'replace',
  value: unknown,
  rules: PatchRules,
): void {
  const entries = fields(value, 'value')
  for (const [key, v] of entries) {
    const extension = rules.extensions.find((urn) => urn.toLowerCase() === key)
    if (extension !== undefined) {
      for (const [subKey, subValue] of fields(v, extension)) {
        set(
          doc,
          { extension, attribute: subKey, filter: undefined, sub: undefined },
          op,
          subValue,
          rules,
        )
      }
      continue
    }
    // Okta's group rename repeats the id: {"value": {"id": "<the same id>", "displayName": "…"}}.
    // A read-only attribute given its current value is no change; any other value is refused.
    if (rules.readOnly.has(key) && isDeepStrictEqual(doc[ownKey(doc, key) ?? key], v)) continue
    // Entra sometimes sends dotted names as keys ("name.givenName").
    set(doc, parsePath(key, rules), op, v, rules)
  }
}

function parsePath(text: string, rules: PatchRules): Path {
  let rest = text
  let extension: string | undefined
  const lower = text.toLowerCase()
  for (const urn of [rules.core, ...rules.extensions]) {
    if (lower.startsWith(`${urn.toLowerCase()}:`)) {
      extension = urn === rules.core ? undefined : urn
      rest = text.slice(urn.length + 1)
    }
  }
  let filter: string | undefined
  let sub: string | undefined
  const open = rest.indexOf('[')
  if (open >= 0) {
    const close = closingBracket(rest, open)
    filter = rest.slice(open + 1, close)
    const after = rest.slice(close + 1)
    if (after !== '' && !after.startsWith('.')) throw invalidPath(`unexpected ${after}`)
    sub = after === '' ? undefined : after.slice(1)
    rest = rest.slice(0, open)
  } else if (rest.includes('.')) {
    sub = rest.slice(rest.indexOf('.') + 1)
    rest = rest.slice(0, rest.indexOf('.'))
  }
  const attribute = rest.toLowerCase()
  const valid = /^[a-z$][a-z0-9$_-]*$/i
  if (!valid.test(attribute) || (sub !== undefined && !valid.test(sub))) {
    throw invalidPath(`${text} is not an attribute path`)
  }
  if (extension === undefined && rules.readOnly.has(attribute)) {
    throw new AppError('scim.mutability', { details: { reason: `${rest} is read-only` } })
  }
  return { extension, attribute, filter, sub: sub?.toLowerCase() }
}

function closingBracket(text: string, open: number): number {
  let inString = false
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === ']') return i
  }
  throw invalidPath('unclosed [')
}

/** The object an attribute lives in: the resource, or its extension's object (made when adding). */
function container(doc: Doc, path: Path, create: boolean): Doc | undefined {
  if (path.extension === undefined) return doc
  const key = ownKey(doc, path.extension.toLowerCase()) ?? path.extension
  const existing = doc[key]
  if (isObject(existing)) return existing
  if (!create) return undefined
  const made: Doc = {}
  doc[key] = made
  const schemas = Array.isArray(doc['schemas']) ? (doc['schemas'] as unknown[]) : []
  if (!schemas.includes(path.extension)) doc['schemas'] = [...schemas, path.extension]
  return made
}

function set(doc: Doc, path: Path, op: 'add' | 'replace', value: unknown, rules: PatchRules): void {
  if (value === undefined)
    throw new AppError('scim.invalid_value', { details: { reason: `${op} needs a value` } })
  const target = container(doc, path, true) as Doc
  const key = ownKey(target, path.attribute) ?? path.attribute
  if (path.filter !== undefined) {
    const list = Array.isArray(target[key]) ? (target[key] as unknown[]) : []
    const matches = list.filter(matcher(path.filter))
    if (matches.length === 0) {
      if (op === 'replace' && path.sub === undefined)
        throw new AppError('scim.no_target', { details: { reason: 'no element matches' } })
      // Entra ID: add (or replace) `emails[type eq "work"].value` when there is no work email yet.
      const element = elementFromFilter(path.filter)
      list.push(element)
      matches.push(element)
      target[key] = list
    }
    for (const element of matches) {
      if (!isObject(element)) continue
      if (path.sub === undefined) mergeInto(element, value)
      else element[ownKey(element, path.sub) ?? path.sub] = value
    }
    return
  }
  if (path.sub !== undefined) {
    const parent = isObject(target[key]) ? (target[key] as Doc) : {}
    parent[ownKey(parent, path.sub) ?? path.sub] = value
    target[key] = parent
    return
  }
  if (op === 'add' && rules.multiValued.has(path.attribute) && path.extension === undefined) {
    const list = Array.isArray(target[key]) ? (target[key] as unknown[]) : []
    const added = Array.isArray(value) ? value : [value]
    for (const item of added) {
      const itemValue = isObject(item) ? item['value'] : undefined
      const duplicate =
        itemValue !== undefined && list.some((e) => isObject(e) && e['value'] === itemValue)
      if (!duplicate) list.push(item)
    }
    target[key] = list
    return
  }
  if (op === 'add' && isObject(value) && isObject(target[key])) {
    mergeInto(target[key] as Doc, value)
    return
  }
  target[key] = value
}

function remove(doc: Doc, path: Path, value: unknown): void {
  const target = container(doc, path, false)
  const key = target === undefined ? undefined : ownKey(target, path.attribute)
  if (target === undefined || key === undefined) return
  if (path.filter !== undefined) {
    const list = Array.isArray(target[key]) ? (target[key] as unknown[]) : []
    const matches = matcher(path.filter)
    if (path.sub === undefined) target[key] = list.filter((e) => !matches(e))
    else {
      for (const element of list.filter(matches)) {
        if (isObject(element)) delete element[ownKey(element, path.sub) ?? path.sub]
      }
    }
    return
  }
  if (path.sub !== undefined) {
    const parent = target[key]
    if (isObject(parent)) delete parent[ownKey(parent, path.sub) ?? path.sub]
    return
  }
  // Okta and Entra remove members by listing them: {"op":"remove","path":"members","value":[{"value":"id"}]}
  if (Array.isArray(value) && Array.isArray(target[key])) {
    const gone = new Set(value.map((v) => (isObject(v) ? v['value'] : v)))
    target[key] = (target[key] as unknown[]).filter((e) => !(isObject(e) && gone.has(e['value'])))
    return
  }
  delete target[key]
}

function matcher(filterText: string): (element: unknown) => boolean {
  let test: (r: unknown) => boolean
  try {
    test = compileFilter(parse(filterText)) as (r: unknown) => boolean
  } catch {
    throw invalidPath(`invalid value filter [${filterText}]`)
  }
  return (element) => isObject(element) && test(element)
}

/** `type eq "work"` → `{ type: "work" }`: the element an add to a filtered path creates. */
function elementFromFilter(filterText: string): Doc {
  const ast = parse(filterText)
  const element: Doc = {}
  const collect = (f: typeof ast): void => {
    if (f.op === 'eq') mergeInto(element, { [f.attrPath]: f.compValue })
    else if (f.op === 'and') f.filters.forEach(collect)
    else throw new AppError('scim.no_target', { details: { reason: 'no element matches' } })
  }
  collect(ast)
  return element
}

function ownKey(object: Doc, lowerKey: string): string | undefined {
  return Object.keys(object).find((k) => k.toLowerCase() === lowerKey)
}

function isObject(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Copies a client object's own fields onto `target` by definition, not assignment, so a `__proto__` key
 * is an ordinary field and never a prototype change.
 */
function mergeInto(target: Doc, value: unknown): void {
  if (!isObject(value)) {
    throw new AppError('scim.invalid_value', { details: { reason: 'value must be an object' } })
  }
  for (const [k, v] of Object.entries(value)) {
    Object.defineProperty(target, k, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
}

function syntax(reason: string): AppError {
  return new AppError('scim.invalid_syntax', { details: { reason } })
}

function invalidPath(reason: string): AppError {
  return new AppError('scim.invalid_path', { details: { reason } })
}
