/**
 * The HTTP server as operators meet it: health and readiness on both engines, JSON errors, security
 * headers, redacted logs, graceful shutdown, and refusing to start on bad configuration.
 */
import assert from 'node:assert/strict'
import { VERSION } from '../../../src/platform/version.ts'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { startServer, type RunningServer } from '../../../src/main.ts'
import { createLogger } from '../../../src/platform/log.ts'
import { testConfig } from '../../helpers/config.ts'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.ts'
import { freePort, runNode, startServerProcess } from '../../helpers/processes.ts'

for (const dialect of DIALECTS) {
  describe(`${dialect}: server`, () => {
    let target: TestDatabase
    let server: RunningServer
    before(async () => {
      target = await createTestDatabase(dialect)
      const port = await freePort()
      server = await startServer(
        testConfig(target.url, { PORT: String(port) }),
        createLogger('silent'),
      )
    })
    after(async () => {
      await server.shutdown()
      await target.drop()
    })

    it('answers /healthz with the version', async () => {
      const response = await fetch(`${server.url}/healthz`)
      assert.equal(response.status, 200)
      assert.deepEqual(await response.json(), { status: 'ok', version: VERSION })
    })

    it('serves an icon at /favicon.ico (no 404 on every page)', async () => {
      const response = await fetch(`${server.url}/favicon.ico`)
      assert.equal(response.status, 200)
      assert.equal(response.headers.get('content-type'), 'image/svg+xml')
      assert.match(await response.text(), /^<svg [\s\S]*<\/svg>$/)
    })

    it('answers /readyz with the database up', async () => {
      const response = await fetch(`${server.url}/readyz`)
      assert.equal(response.status, 200)
      assert.deepEqual(await response.json(), { status: 'ready', checks: { database: 'up' } })
    })

    it('answers unknown routes with the JSON error model and security headers', async () => {
      const response = await fetch(`${server.url}/nope`)
      assert.equal(response.status, 404)
      assert.deepEqual(await response.json(), {
        error: { code: 'route.not_found', message: 'No such endpoint.' },
      })
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff')
      assert.equal(response.headers.get('cache-control'), 'no-store')
      assert.equal(response.headers.get('x-frame-options'), 'DENY')
    })
  })
}

if (DIALECTS.includes('postgres')) {
  describe('postgres: readiness when the database goes away', () => {
    let target: TestDatabase
    let server: RunningServer
    before(async () => {
      target = await createTestDatabase('postgres')
      server = await startServer(
        testConfig(target.url, { PORT: String(await freePort()) }),
        createLogger('silent'),
      )
    })
    after(async () => {
      await server.shutdown()
      await target.drop()
    })

    it('reports 503 from /readyz while /healthz still answers', async () => {
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200)
      const name = new URL(target.url).pathname.slice(1)
      const admin = new pg.Client({ connectionString: process.env['PORTCULLIS_TEST_PG_URL'] })
      await admin.connect()
      try {
        await admin.query(`alter database ${name} with allow_connections false`)
        await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1',
          [name],
        )
      } finally {
        await admin.end()
      }
      const response = await fetch(`${server.url}/readyz`)
      assert.equal(response.status, 503)
      assert.deepEqual(await response.json(), {
        status: 'unavailable',
        checks: { database: 'down' },
      })
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200)
    })
  })
}

interface AccessLine {
  readonly msg?: string
  readonly reqId?: string
  readonly req?: { readonly method?: string; readonly url?: string }
  readonly res?: { readonly statusCode?: number }
}

describe('server process', () => {
  let target: TestDatabase
  before(async () => {
    target = await createTestDatabase('sqlite')
  })
  after(() => target.drop())

  it('logs JSON lines with credentials redacted, and stops cleanly on SIGTERM', async () => {
    const server = await startServerProcess({ DATABASE_URL: target.url })
    const secret = 'pcat_thisMustNeverAppearInALogLine0123456789abc'
    await fetch(`${server.url}/healthz`, {
      headers: { authorization: `Bearer ${secret}`, cookie: `portcullis_session=${secret}` },
    })
    await fetch(`${server.url}/invite/inv_${secret}`)
    await fetch(`${server.url}/reset/rst_${secret}`)
    await fetch(`${server.url}/admin/callback?state=x&code=${secret}`)
    await fetch(`${server.url}/oauth2/logout?id_token_hint=${secret}`)
    await fetch(`${server.url}/saml/x/test?ticket=${secret}`)
    // Tokens sent in the query are refused, and must not be logged either (issue 21 item 5).
    await fetch(`${server.url}/scim/v2/some-org/Users?access_token=${secret}`)
    await fetch(`${server.url}/api/v1/orgs/some-org/users?ACCESS_TOKEN=${secret}&limit=5`)
    await fetch(`${server.url}/api/v1/orgs/some-org/users?limit=x&access_token=${secret}`)
    await fetch(`${server.url}/oauth2/userinfo?access_token=${secret}`)
    await fetch(`${server.url}/no/such/route?client_secret=${secret}&password=${secret}`)
    await fetch(`${server.url}/oauth2/authorize?client_id=x&code_verifier=${secret}`)
    const code = await server.stop('SIGTERM')
    const output = server.output()
    assert.equal(code, 0, output)
    assert.ok(!output.includes(secret), 'a secret reached the log')
    const lines = output
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
    assert.ok(lines.length >= 3)
    for (const line of lines) JSON.parse(line)
    assert.ok(lines.some((l) => (JSON.parse(l) as { msg?: string }).msg === 'shutting down'))
    // One access line per request, with its id, and the URL's secret parts replaced.
    const access = lines
      .map((l) => JSON.parse(l) as AccessLine)
      .filter((l) => l.msg === 'request completed' || l.msg === 'request errored')
    // 13 fetches, the redirects fetch followed, and the helper's wait for the server.
    assert.ok(access.length >= 13, `${access.length} access lines`)
    for (const line of access) {
      assert.match(line.reqId ?? '', /^[0-9a-f-]{36}$/)
      assert.equal(typeof line.res?.statusCode, 'number')
    }
    assert.equal(new Set(access.map((l) => l.reqId)).size, access.length)
    const urls = access.map((l) => `${l.req?.method} ${l.req?.url}`)
    assert.ok(urls.includes('GET /healthz'), urls.join(', '))
    assert.ok(urls.includes('GET /invite/[redacted]'), urls.join(', '))
    assert.ok(urls.includes('GET /admin/callback?state=x&code=[redacted]'), urls.join(', '))
  })

  it('refuses to start with a malformed DATABASE_URL, naming it', async () => {
    const result = await runNode('src/start.ts', [], { DATABASE_URL: 'postgres://x:y@[bad/db' })
    assert.equal(result.code, 1)
    assert.match(result.stderr, /DATABASE_URL/)
  })

  it('refuses to start when PostgreSQL is unreachable, naming the server', async () => {
    const result = await runNode('src/start.ts', [], {
      DATABASE_URL: 'postgres://app:pw@127.0.0.1:1/portcullis',
      PORT: String(await freePort()),
    })
    assert.equal(result.code, 1)
    assert.match(
      result.stderr,
      /cannot connect to PostgreSQL at postgres:\/\/app@127\.0\.0\.1:1\/portcullis/,
    )
  })

  it('refuses to start in production with plain http on a public PUBLIC_URL', async () => {
    const result = await runNode('src/start.ts', [], {
      DATABASE_URL: target.url,
      PUBLIC_URL: 'http://login.example.com',
    })
    assert.equal(result.code, 1)
    assert.match(result.stderr, /PUBLIC_URL:/)
  })

  it('starts in development with the same setting, warning loudly', async () => {
    const server = await startServerProcess({
      DATABASE_URL: target.url,
      NODE_ENV: 'development',
      PUBLIC_URL: 'http://login.example.com',
    })
    await server.stop()
    assert.match(server.output(), /UNSAFE SETTING: PUBLIC_URL/)
  })
})
