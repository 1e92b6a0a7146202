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
 * Services live in `services/`, in three wings that import only to their left: sign-in ← organization ←
 * directory (issue 22). The record folders below will get their own floor order once the SSO-profile
 * record and the throttling rules have their folders.
 */
const WINGS = ['sign-in', 'organization', 'directory']

describe('architecture: services in wings', () => {
  it('keeps every *-service.ts in services/', () => {
    const misplaced = edges()
      .map((e) => e.file)
      .filter((file, i, all) => all.indexOf(file) === i)
      .filter((file) => file.endsWith('-service.ts') && !file.startsWith('src/services/'))
    assert.deepEqual(misplaced, [])
  })

  it('lets a wing import only wings to its left', () => {
    const wingOf = (path: string) => /^services\/([^/]+)\//.exec(path)?.[1]
    const bad = violations((e) => {
      const from = WINGS.indexOf(wingOf(relative(SRC, join(ROOT, e.file))) ?? '')
      const to = WINGS.indexOf(wingOf(e.target) ?? '')
      return from >= 0 && to > from
    })
    assert.deepEqual(bad, [])
  })
})
