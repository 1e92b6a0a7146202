/**
 * The request sequences Entra ID and Okta document, replayed as recorded fixtures
 * (test/fixtures/scim/*.json) against a real server on both databases: every step's status and the
 * parts of each answer the client reads.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { DIALECTS } from '../../helpers/databases.ts'
import { ROOT } from '../../helpers/processes.ts'
import { setupSCIM, type SCIMFixture } from './scim.setup.ts'

interface Step {
  readonly name: string
  readonly method: string
  readonly path: string
  readonly body?: unknown
  readonly status: number
  readonly expect?: unknown
  readonly absent?: readonly string[]
  readonly save?: Record<string, string>
}

interface Recording {
  readonly client: string
  readonly steps: readonly Step[]
}

function load(name: string): Recording {
  return JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'scim', name), 'utf8')) as Recording
}

/** Replaces {{name}} in every string of `value`. */
function fill(value: unknown, vars: Map<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
      const found = vars.get(key)
      if (found === undefined) throw new Error(`no value for {{${key}}}`)
      return found
    })
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, vars))
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars)]))
  }
  return value
}

/** `actual` has everything `expected` has: objects by key, arrays element by element (and [] is []). */
function assertSubset(actual: unknown, expected: unknown, where: string): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: expected an array, got ${JSON.stringify(actual)}`)
    if (expected.length === 0) assert.deepEqual(actual, [], where)
    expected.forEach((e, i) => assertSubset(actual[i], e, `${where}[${i}]`))
  } else if (typeof expected === 'object' && expected !== null) {
    assert.ok(typeof actual === 'object' && actual !== null, `${where}: expected an object`)
    for (const [key, value] of Object.entries(expected)) {
      assertSubset((actual as Record<string, unknown>)[key], value, `${where}.${key}`)
    }
  } else {
    assert.equal(actual, expected, where)
  }
}

for (const dialect of DIALECTS) {
  for (const [file, local] of [
    ['entra-id.json', 'entra.user'],
    ['okta.json', 'okta.user'],
  ] as const) {
    const recording = load(file)
    describe(`${dialect}: ${recording.client}, as documented`, () => {
      let s: SCIMFixture
      before(async () => {
        s = await setupSCIM(dialect)
      })
      after(async () => s.close())

      it(`answers all ${recording.steps.length} steps the way the client expects`, async () => {
        const vars = new Map([
          ['userName', `${local}@${s.a.domain}`],
          ['domain', s.a.domain],
        ])
        for (const step of recording.steps) {
          const path = String(fill(step.path, vars))
          const body = step.body === undefined ? undefined : fill(step.body, vars)
          const result = await s.scim(s.a, step.method, path, body)
          assert.equal(result.status, step.status, `${step.name}: ${result.text}`)
          if (result.status !== 204 && result.status < 300) {
            assert.equal(
              result.headers.get('content-type'),
              'application/scim+json; charset=utf-8',
              step.name,
            )
          }
          if (step.expect !== undefined)
            assertSubset(result.json, fill(step.expect, vars), step.name)
          for (const key of step.absent ?? []) {
            assert.equal(result.json[key], undefined, `${step.name}: ${key} present`)
          }
          for (const [name, key] of Object.entries(step.save ?? {})) {
            vars.set(name, String(result.json[key]))
          }
        }
      })
    })
  }
}
