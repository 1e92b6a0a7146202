/**
 * Forbidden import edges fail the build (STYLE rule 6): leaves stay leaves, only storage/ touches drivers,
 * only http/ touches the web framework, and no module reaches into http/ or storage/.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve, dirname } from 'node:path'
import { describe, it } from 'node:test'
import { ROOT } from '../../helpers/processes.ts'

const SRC = join(ROOT, 'src')
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

interface Edge {
  readonly file: string
  /** `src/`-relative folder of the importing file's top level, e.g. `users`. */
  readonly area: string
  /** The import: a package name, a `node:` module, or an `src/`-relative path. */
  readonly target: string
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

function edges(): Edge[] {
  return sourceFiles(SRC).flatMap((file) => {
    const text = readFileSync(file, 'utf8')
    const area = relative(SRC, file).split('/')[0] ?? ''
    return [...text.matchAll(IMPORT)].map((match) => {
      const spec = match[1] ?? match[2] ?? ''
      const target = spec.startsWith('.') ? relative(SRC, resolve(dirname(file), spec)) : spec
      return { file: relative(ROOT, file), area, target }
    })
  })
}

const DRIVERS = ['node:sqlite', 'pg', 'kysely', 'kysely/migration']
const COMPOSITION = new Set(['main.ts', 'start.ts'])

function violations(rule: (edge: Edge) => boolean): string[] {
  return edges()
    .filter(rule)
    .map((e) => `${e.file} -> ${e.target}`)
}

describe('architecture: import edges', () => {
  it('finds imports at all (the scanner works)', () => {
    assert.ok(edges().length > 20)
  })

  it('keeps platform/ and errors/ as leaves', () => {
    const bad = violations(
      (e) =>
        (e.area === 'platform' || e.area === 'errors') &&
        !e.target.startsWith('node:') &&
        !e.target.startsWith(`${e.area}/`) &&
        e.target.includes('/') &&
        !e.target.startsWith('@'),
    )
    assert.deepEqual(bad, [])
  })

  it('lets only storage/ import database drivers or the query builder', () => {
    const bad = violations((e) => DRIVERS.includes(e.target) && e.area !== 'storage')
    assert.deepEqual(bad, [])
  })

  it('lets only http/ and the composition root import the web framework', () => {
    const bad = violations(
      (e) => e.target.startsWith('fastify') && e.area !== 'http' && !COMPOSITION.has(e.area),
    )
    assert.deepEqual(bad, [])
  })

  it('never lets a module import http/ or storage/', () => {
    const wiring = new Set(['http', 'storage', 'cli', ...COMPOSITION])
    const bad = violations(
      (e) =>
        !wiring.has(e.area) && (e.target.startsWith('http/') || e.target.startsWith('storage/')),
    )
    assert.deepEqual(bad, [])
  })

  it('never lets storage/ import http/', () => {
    assert.deepEqual(
      violations((e) => e.area === 'storage' && e.target.startsWith('http/')),
      [],
    )
  })
})

/**
 * The front door is a one-way stack: sessions ← oidc ← login ← saml. A layer imports only layers to its
 * left; nothing outside the stack (wiring aside) imports login/ or saml/. The one exception is the SSO
 * profile record (the row, its repository port and its expiry rules), which domains, users and login read
 * to decide what a domain's users may do; that record must itself never reach back into the stack.
 */
const STACK = ['sessions', 'oidc', 'login', 'saml']
const PROFILE_RECORD = new Set([
  'saml/profiles/sso-profile.ts',
  'saml/profiles/sso-profile-repository.ts',
  'saml/profiles/expiry.ts',
])

function sourcePath(file: string): string {
  return relative(SRC, join(ROOT, file))
}

describe('architecture: the front door is a one-way stack', () => {
  const wiring = new Set(['http', 'storage', 'cli', ...COMPOSITION])

  it('has every layer of the stack (the rule checks something)', () => {
    const areas = new Set(edges().map((e) => e.area))
    for (const layer of STACK) assert.ok(areas.has(layer), layer)
  })

  it('never lets a layer import a layer above it', () => {
    const bad = violations((e) => {
      const from = STACK.indexOf(e.area)
      const to = STACK.indexOf(e.target.split('/')[0] ?? '')
      return from >= 0 && to > from && !PROFILE_RECORD.has(e.target)
    })
    assert.deepEqual(bad, [])
  })

  it('never lets a module outside the stack import login/ or saml/ beyond the profile record', () => {
    const bad = violations(
      (e) =>
        !wiring.has(e.area) &&
        !STACK.includes(e.area) &&
        (e.target.startsWith('login/') || e.target.startsWith('saml/')) &&
        !PROFILE_RECORD.has(e.target),
    )
    assert.deepEqual(bad, [])
  })

  it('keeps the profile record free of the stack, however deep its imports go', () => {
    const all = edges()
    const seen = new Set<string>()
    const reached: string[] = []
    const visit = (path: string): void => {
      if (seen.has(path)) return
      seen.add(path)
      for (const edge of all.filter((e) => sourcePath(e.file) === path)) {
        if (!edge.target.endsWith('.ts')) continue
        const area = edge.target.split('/')[0] ?? ''
        const saml = edge.target.startsWith('saml/')
        if (STACK.includes(area) && !saml) reached.push(`${path} -> ${edge.target}`)
        if (saml && !PROFILE_RECORD.has(edge.target) && edge.target.endsWith('-service.ts')) {
          reached.push(`${path} -> ${edge.target}`)
        }
        visit(edge.target)
      }
    }
    for (const path of PROFILE_RECORD) visit(path)
    assert.ok(seen.size > PROFILE_RECORD.size, 'the walk follows imports')
    assert.deepEqual(reached, [])
  })
})
