/**
 * Route schemas compile at each route's first request (src/http/lazy-schema-compilers.ts), so a schema
 * that cannot compile would no longer stop the start: this compiles every route's schemas at once, and
 * shows what the lazy compilers change and what they keep.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import Fastify from 'fastify'
import { openApp, type App } from '../../../src/main.ts'
import { buildServer } from '../../../src/http/server.ts'
import { lazySchemaCompilers } from '../../../src/http/lazy-schema-compilers.ts'
import { createLogger } from '../../../src/platform/log.ts'
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.ts'
import { testConfig } from '../../helpers/config.ts'

describe('route schemas', () => {
  let database: TestDatabase
  let app: App
  before(async () => {
    database = await createTestDatabase('sqlite')
    app = await openApp(testConfig(database.url))
  })
  after(async () => {
    await app.close()
    await database.drop()
  })

  it("every route's validators and serializers compile (eagerly, as Fastify's defaults would at start)", async () => {
    const server = await buildServer({
      config: app.config,
      logger: createLogger('silent'),
      eagerSchemas: true,
      health: { ping: () => app.database.ping(), isDraining: () => false },
      services: app.services,
      onImportQueued: () => {},
    })
    try {
      await server.ready()
      const routes = server.printRoutes({ commonPrefix: false })
      for (const part of ['/scim/v2', '/api/v1/orgs', '/saml/', '/login', '/token']) {
        assert.ok(routes.includes(part), `the whole tree was built: ${part}`)
      }
    } finally {
      await server.close()
    }
  })

  const broken = (eager: boolean) => {
    const server = Fastify({ schemaController: { compilersFactory: lazySchemaCompilers(eager) } })
    server.post(
      '/x',
      { schema: { body: { type: 'object', properties: { n: { type: 'no-such-type' } } } } },
      async () => ({ ok: true }),
    )
    return server
  }

  it('eagerly, a schema that cannot compile stops the start', async () => {
    await assert.rejects(async () => {
      await broken(true).ready()
    }, /no-such-type|schema/i)
  })

  it('lazily, it fails its first request instead, and the start goes on', async () => {
    const server = broken(false)
    await server.ready()
    const answer = await server.inject({ method: 'POST', url: '/x', payload: { n: 1 } })
    assert.equal(answer.statusCode, 500)
    await server.close()
  })

  it('lazily compiled validators and serializers still refuse and filter as before', async () => {
    // The server's own Ajv options (no silent removal of unknown fields) reach the lazy compiler.
    const server = Fastify({
      ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false } },
      schemaController: { compilersFactory: lazySchemaCompilers() },
    })
    server.post(
      '/y',
      {
        schema: {
          body: {
            type: 'object',
            required: ['n'],
            additionalProperties: false,
            properties: { n: { type: 'integer' } },
          },
          response: { 200: { type: 'object', properties: { n: { type: 'integer' } } } },
        },
      },
      async (request) => ({ ...(request.body as object), secret: 'not in the schema' }),
    )
    const bad = await server.inject({ method: 'POST', url: '/y', payload: { n: 'one' } })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.json().message, /body\/n must be integer/)
    const extra = await server.inject({ method: 'POST', url: '/y', payload: { n: 1, m: 2 } })
    assert.equal(extra.statusCode, 400)
    const good = await server.inject({ method: 'POST', url: '/y', payload: { n: 1 } })
    assert.deepEqual(good.json(), { n: 1 })
    await server.close()
  })
})
