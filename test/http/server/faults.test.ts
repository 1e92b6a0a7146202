/**
 * Faults an operator meets with several instances: instances starting together on an empty database
 * (both engines), and on PostgreSQL a server restart under load and a server out of connections — real
 * server processes on a PostgreSQL cluster of the test's own. No fault ends a process; requests during
 * the fault get 503 with Retry-After, never 500; service resumes by itself.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { KEY_PURPOSES } from '../../../src/oidc/signing-key.ts'
import { openApp } from '../../../src/main.ts'
import { testConfig } from '../../helpers/config.ts'
import { createTestDatabase, DIALECTS } from '../../helpers/databases.ts'
import { startPrivateCluster, type PrivateCluster } from '../../helpers/pg-cluster.ts'
import { startServerProcess, type ServerProcess } from '../../helpers/processes.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

for (const dialect of DIALECTS) {
  describe(`${dialect}: instances starting together`, () => {
    it('starts two server processes at the same moment on an empty database, with one key per purpose', async () => {
      for (let trial = 0; trial < 3; trial++) {
        const target = await createTestDatabase(dialect)
        const started = await Promise.allSettled([
          startServerProcess({ DATABASE_URL: target.url }),
          startServerProcess({ DATABASE_URL: target.url }),
        ])
        const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
        try {
          assert.equal(
            servers.length,
            2,
            started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'up')).join('\n'),
          )
          for (const server of servers) {
            assert.equal((await fetch(`${server.url}/readyz`)).status, 200)
          }
          const app = await openApp(testConfig(target.url))
          try {
            const keys = await app.database.db
              .selectFrom('signing_keys')
              .select(['purpose'])
              .where('state', '=', 'active')
              .execute()
            assert.deepEqual(keys.map((k) => k.purpose).sort(), [...KEY_PURPOSES].sort())
          } finally {
            await app.close()
          }
        } finally {
          for (const server of servers) await server.stop()
          await target.drop()
        }
      }
    })
  })
}

if (DIALECTS.includes('postgres')) {
  describe('postgres: database faults under load', () => {
    /** An organization and an Admin API token on `url`, made before the server process starts. */
    const prepare = async (url: string) => {
      const app = await openApp(testConfig(url))
      try {
        const org = await app.services.orgs.createOrganization(
          { name: 'Faults', adminEmail: 'owner@faults.test' },
          { type: 'operator', id: 'test' },
        )
        const { secret: token } = await app.services.apiTokens.create(org.organizationId, 'load', {
          type: 'operator',
          id: 'test',
        })
        return { orgId: org.organizationId, token }
      } finally {
        await app.close()
      }
    }

    /** Requests in a loop from `workers` at once until stopped; every answer's status and Retry-After. */
    const load = (server: ServerProcess, orgId: string, token: string, workers: number) => {
      const seen: { status: number; retryAfter: string | null }[] = []
      let running = true
      const worker = async () => {
        while (running) {
          try {
            const response = await fetch(`${server.url}/api/v1/orgs/${orgId}/users?limit=5`, {
              headers: { authorization: `Bearer ${token}` },
            })
            await response.arrayBuffer()
            seen.push({ status: response.status, retryAfter: response.headers.get('retry-after') })
          } catch {
            seen.push({ status: 0, retryAfter: null })
          }
          await sleep(20)
        }
      }
      const all = Promise.all(Array.from({ length: workers }, worker))
      return {
        seen,
        stop: async () => {
          running = false
          await all
        },
      }
    }

    const untilOK = async (url: string, token: string) => {
      for (let i = 0; i < 200; i++) {
        const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
        if (response.status === 200) return
        await sleep(100)
      }
      assert.fail(`${url} did not recover`)
    }

    describe('a PostgreSQL restart', () => {
      let cluster: PrivateCluster
      let server: ServerProcess
      before(async () => {
        cluster = await startPrivateCluster()
      })
      after(async () => {
        await server?.stop('SIGKILL')
        await cluster.stop()
      })

      it('ends no process: 503 with Retry-After during the outage, service back by itself', async () => {
        const { orgId, token } = await prepare(cluster.url)
        server = await startServerProcess({ DATABASE_URL: cluster.url, DATABASE_POOL_SIZE: '4' })
        const traffic = load(server, orgId, token, 8)
        await sleep(300)
        await cluster.pause()
        await sleep(1500)
        const ready = await fetch(`${server.url}/readyz`)
        assert.equal(ready.status, 503)
        await cluster.resume()
        await untilOK(`${server.url}/api/v1/orgs/${orgId}/users`, token)
        await sleep(300)
        await traffic.stop()
        assert.equal(server.exitCode(), null, server.output().slice(-2000))
        const statuses = new Set(traffic.seen.map((s) => s.status))
        assert.ok(
          traffic.seen.some((s) => s.status === 503),
          'the outage was seen',
        )
        assert.deepEqual(
          [...statuses].filter((s) => s !== 200 && s !== 503),
          [],
        )
        assert.ok(traffic.seen.filter((s) => s.status === 503).every((s) => s.retryAfter === '5'))
        assert.equal((await fetch(`${server.url}/readyz`)).status, 200)
        // The cause is logged, but not once per failed request.
        const warnings = server.output().match(/database unavailable/g) ?? []
        const failures = traffic.seen.filter((s) => s.status === 503).length
        assert.ok(
          warnings.length >= 1 && warnings.length < failures,
          `${warnings.length} / ${failures}`,
        )
      })
    })

    describe('a server out of connections', () => {
      let cluster: PrivateCluster
      let server: ServerProcess
      const held: pg.Client[] = []
      before(async () => {
        cluster = await startPrivateCluster({ maxConnections: 8 })
      })
      after(async () => {
        for (const client of held) await client.end().catch(() => undefined)
        await server?.stop('SIGKILL')
        await cluster.stop()
      })

      it('answers 503 with Retry-After, never 500, and recovers when connections free up', async () => {
        const { orgId, token } = await prepare(cluster.url)
        server = await startServerProcess({
          DATABASE_URL: cluster.url,
          DATABASE_POOL_SIZE: '10',
          DATABASE_POOL_TIMEOUT_SECONDS: '1',
        })
        // Everyone else takes what is left of max_connections.
        for (;;) {
          const client = new pg.Client({ connectionString: cluster.url })
          try {
            await client.connect()
            held.push(client)
          } catch {
            break
          }
        }
        const traffic = load(server, orgId, token, 12)
        await sleep(1500)
        await traffic.stop()
        assert.equal(server.exitCode(), null)
        assert.ok(
          traffic.seen.some((s) => s.status === 503),
          'connections ran out',
        )
        assert.deepEqual(
          [...new Set(traffic.seen.map((s) => s.status))].filter((s) => s !== 200 && s !== 503),
          [],
        )
        assert.ok(traffic.seen.filter((s) => s.status === 503).every((s) => s.retryAfter === '5'))
        for (const client of held.splice(0)) await client.end()
        await untilOK(`${server.url}/api/v1/orgs/${orgId}/users`, token)
      })
    })
  })
}
