/**
 * The house rules, computed from the imports of every file in src/ (STYLE §1–2, issue 22): records below,
 * services above, adapters around. A record folder holds types, pure rules and repository interfaces and
 * imports only records earlier in one fixed list; every service lives in `services/`, whose wings import
 * only to their left; `storage/` implements record interfaces; `http/` calls services; only `main.ts` and
 * `cli/` construct services; and no file-level import cycle exists anywhere (strongly connected
 * components, so no exception can hide one).
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, it } from 'node:test'
import { ROOT } from '../../helpers/processes.ts'

const SRC = join(ROOT, 'src')
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

/** Leaves: they import nothing of src/ outside themselves. */
export const LEAVES = ['platform', 'errors', 'throttling'] as const
/** Record folders, in the one order they may import each other: a record imports only earlier ones. */
export const RECORDS = [
  ...LEAVES,
  'config',
  'audit',
  'events',
  'users',
  'sessions',
  'factors',
  'mail',
  'jobs',
  'orgs',
  'oidc',
  'api-tokens',
  'imports',
  'saml',
  'sso-profiles',
  'scim',
  'domains',
  'webhooks',
] as const
/** Service wings, in the order they may import each other: a wing imports only wings to its left. */
export const WINGS = ['sign-in', 'organization', 'directory', 'operator'] as const
const DRIVERS = ['node:sqlite', 'pg', 'kysely', 'kysely/migration']
const COMPOSITION = ['main.ts', 'cli']

/** One import of one file: both as paths relative to src/ (the target as written when a package). */
export interface Edge {
  readonly from: string
  readonly to: string
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  )
}

/** Every import of every file under `src` (a folder laid out like src/). */
export function importEdges(src = SRC): Edge[] {
  return sourceFiles(src).flatMap((file) => {
    const text = readFileSync(file, 'utf8')
    return [...text.matchAll(IMPORT)].map((match) => {
      const spec = match[1] ?? match[2] ?? ''
      const to = spec.startsWith('.') ? relative(src, resolve(dirname(file), spec)) : spec
      return { from: relative(src, file), to }
    })
  })
}

/** The top-level folder (or file) of a path relative to src/. */
const area = (path: string) => path.split('/')[0] ?? ''
const wingOf = (path: string) => /^services\/([^/]+)\//.exec(path)?.[1]
const isSource = (path: string) => path.endsWith('.ts') && !path.startsWith('node:')

/** The house rules: each names the edges that break it. */
export const RULES: Readonly<Record<string, (edge: Edge) => boolean>> = {
  'leaves import nothing of src/ outside themselves': ({ from, to }) =>
    (LEAVES as readonly string[]).includes(area(from)) && isSource(to) && area(to) !== area(from),
  'records import only records earlier in the list': ({ from, to }) => {
    const at = (RECORDS as readonly string[]).indexOf(area(from))
    if (at < 0 || !isSource(to) || area(to) === area(from)) return false
    const target = (RECORDS as readonly string[]).indexOf(area(to))
    return target < 0 || target > at
  },
  'records import no Store, driver or web framework': ({ from, to }) =>
    (RECORDS as readonly string[]).includes(area(from)) &&
    area(from) !== 'platform' &&
    (to === 'platform/store.ts' || DRIVERS.includes(to) || to.startsWith('fastify')),
  'wings import only wings to their left': ({ from, to }) => {
    const a = WINGS.indexOf(wingOf(from) as (typeof WINGS)[number])
    const b = WINGS.indexOf(wingOf(to) as (typeof WINGS)[number])
    return a >= 0 && b > a
  },
  'services import no adapter (http/, storage/) and no driver': ({ from, to }) =>
    area(from) === 'services' &&
    (area(to) === 'http' || area(to) === 'storage' || DRIVERS.includes(to)),
  'storage/ imports records only': ({ from, to }) =>
    area(from) === 'storage' &&
    isSource(to) &&
    area(to) !== 'storage' &&
    !(RECORDS as readonly string[]).includes(area(to)),
  'only storage/ imports a driver or the query builder': ({ from, to }) =>
    DRIVERS.includes(to) && area(from) !== 'storage',
  'http/ never imports storage/': ({ from, to }) => area(from) === 'http' && area(to) === 'storage',
  'only http/ and the composition root import the web framework': ({ from, to }) =>
    to.startsWith('fastify') && area(from) !== 'http' && !['main.ts', 'start.ts'].includes(from),
}

export function violations(edges: readonly Edge[], rule: (edge: Edge) => boolean): string[] {
  return edges.filter(rule).map((e) => `${e.from} -> ${e.to}`)
}

/** The file-level import cycles: strongly connected components of more than one file (Tarjan). */
export function importCycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>()
  for (const { from, to } of edges) {
    if (!isSource(to)) continue
    next.set(from, [...(next.get(from) ?? []), to])
    if (!next.has(to)) next.set(to, [])
  }
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (node: string): void => {
    index.set(node, counter)
    low.set(node, counter++)
    stack.push(node)
    onStack.add(node)
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target)
        low.set(node, Math.min(low.get(node) ?? 0, low.get(target) ?? 0))
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(target) ?? 0))
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = []
      let member: string | undefined
      do {
        member = stack.pop()
        if (member !== undefined) {
          onStack.delete(member)
          component.push(member)
        }
      } while (member !== undefined && member !== node)
      if (component.length > 1) cycles.push(component.sort())
    }
  }
  for (const node of next.keys()) if (!index.has(node)) visit(node)
  return cycles
}

/** Classes exported by services/, and where any of them is constructed outside the composition root. */
export function serviceConstructions(src = SRC): string[] {
  const files = sourceFiles(src).map((file) => ({
    path: relative(src, file),
    text: readFileSync(file, 'utf8'),
  }))
  const services = files
    .filter((f) => f.path.startsWith('services/'))
    .flatMap((f) => [...f.text.matchAll(/export class (\w+)/g)].map((m) => m[1] ?? ''))
  const constructed = new RegExp(`\\bnew (${services.join('|')})\\(`)
  return files
    .filter((f) => !COMPOSITION.some((c) => f.path === c || f.path.startsWith(`${c}/`)))
    .filter((f) => constructed.test(f.text))
    .map((f) => `${f.path} constructs ${constructed.exec(f.text)?.[1]}`)
}

describe('architecture: the house rules', () => {
  const edges = importEdges()

  it('reads the imports (the scanner works) and knows every folder of src/', () => {
    assert.ok(edges.length > 500)
    const known = new Set<string>([
      ...RECORDS,
      'services',
      'storage',
      'http',
      'cli',
      'main.ts',
      'start.ts',
    ])
    const unknown = [...new Set(edges.map((e) => area(e.from)))].filter((a) => !known.has(a))
    assert.deepEqual(unknown, [], 'a new folder must be placed in the rules')
  })

  for (const [name, rule] of Object.entries(RULES)) {
    it(name, () => assert.deepEqual(violations(edges, rule), []))
  }

  it('keeps every *-service.ts in services/', () => {
    const misplaced = [...new Set(edges.map((e) => e.from))].filter(
      (file) => file.endsWith('-service.ts') && !file.startsWith('services/'),
    )
    assert.deepEqual(misplaced, [])
  })

  it('constructs services only in main.ts and cli/', () => {
    assert.deepEqual(serviceConstructions(), [])
  })

  it('has no file-level import cycle anywhere in src/', () => {
    assert.deepEqual(importCycles(edges), [])
  })
})

describe('architecture: the rules catch what they forbid', () => {
  it('finds a planted back-edge and a planted cycle', () => {
    const planted: Edge[] = [
      { from: 'users/user.ts', to: 'domains/domain.ts' },
      { from: 'domains/domain.ts', to: 'users/user.ts' },
      { from: 'services/sign-in/login-service.ts', to: 'services/directory/user-service.ts' },
    ]
    assert.deepEqual(
      violations(
        planted,
        RULES['records import only records earlier in the list'] as (e: Edge) => boolean,
      ),
      ['users/user.ts -> domains/domain.ts'],
    )
    assert.deepEqual(
      violations(planted, RULES['wings import only wings to their left'] as (e: Edge) => boolean),
      ['services/sign-in/login-service.ts -> services/directory/user-service.ts'],
    )
    assert.deepEqual(importCycles(planted), [['domains/domain.ts', 'users/user.ts']])
  })
})
