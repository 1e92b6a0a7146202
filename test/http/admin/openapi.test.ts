/** The OpenAPI document: valid OpenAPI 3.1, and every Admin API route is in it (STYLE rule 42). */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Validator } from '@seriousme/openapi-schema-validator'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateOpenAPI } from '../../../scripts/generate-openapi.ts'
import { ROOT } from '../../helpers/processes.ts'
import { setupAdmin, type AdminFixture } from './admin.setup.ts'

describe('sqlite: OpenAPI document', () => {
  let f: AdminFixture
  let document: Record<string, unknown>
  before(async () => {
    f = await setupAdmin('sqlite')
    const response = await fetch(`${f.url}/api/v1/openapi.json`)
    assert.equal(response.status, 200)
    document = (await response.json()) as Record<string, unknown>
  })
  after(() => f.close())

  it('is committed as docs/openapi.json, in sync with the code (npm run docs:openapi)', async () => {
    assert.equal(readFileSync(join(ROOT, 'docs/openapi.json'), 'utf8'), await generateOpenAPI())
  })

  it('validates as OpenAPI 3.1', async () => {
    assert.equal(document['openapi'], '3.1.0')
    const result = await new Validator().validate(document)
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2))
  })

  it('lists every /api/v1 route the server has, and no other', () => {
    const documented = new Set<string>()
    for (const [path, item] of Object.entries(
      document['paths'] as Record<string, Record<string, unknown>>,
    )) {
      for (const method of Object.keys(item)) documented.add(`${method.toUpperCase()} ${path}`)
    }
    const routes = new Set<string>()
    for (const route of listRoutes(f.server.http.printRoutes({ commonPrefix: false }))) {
      const api = route.path.startsWith('/api/v1/') && route.path !== '/api/v1/openapi.json'
      if (api && route.method !== 'HEAD') {
        routes.add(`${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`)
      }
    }
    assert.ok(routes.size >= 3, `found routes: ${[...routes].join(', ')}`)
    assert.deepEqual([...routes].sort(), [...documented].sort())
  })
})

/** Reads Fastify's route tree (printRoutes) back into full paths: each level indents by four columns. */
function listRoutes(tree: string): { method: string; path: string }[] {
  const prefixes: string[] = []
  const routes: { method: string; path: string }[] = []
  for (const line of tree.split('\n')) {
    const match = /^([│├└─ ]*)(\/\S*) \(([A-Z, ]+)\)$/.exec(line)
    if (!match) continue
    const depth = (match[1] ?? '').length / 4 - 1
    prefixes.length = Math.max(depth, 0)
    const path = prefixes.join('') + (match[2] ?? '')
    prefixes.push(match[2] ?? '')
    for (const method of (match[3] ?? '').split(', ')) routes.push({ method, path })
  }
  return routes
}
