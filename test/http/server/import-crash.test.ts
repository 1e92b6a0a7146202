/**
 * Import runs survive a crash (issue 10): a real server process is killed with SIGKILL in the middle of a
 * run; started again (or, on PostgreSQL, another instance that was running all along) it finishes the
 * run with every row applied exactly once — each row one result, each created user one account and one
 * queued invitation, counts that add up.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestServer } from '../../helpers/config.ts'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.ts'
import { TestDNSServer } from '../../helpers/dns-server.ts'
import { startServerProcess, type ServerProcess } from '../../helpers/processes.ts'
import { TestSMTPServer } from '../../helpers/smtp.ts'
import { openApp } from '../../../src/main.ts'
import { testConfig } from '../../helpers/config.ts'

// 600 batches of 5: a kill lands in the middle, and the suite does not wait on 2,000 of them.
const ROWS = 3_000
const OPERATOR = { type: 'operator', id: 'test' } as const

interface RunBody {
  id: string
  status: string
  totalRows: number
  doneRows: number
  counts: { create: number; update: number; unchanged: number; reject: number }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** An organization with a verified domain and an admin token, made through a real server. */
async function prepare(target: TestDatabase, dns: TestDNSServer) {
  const server = await startTestServer(target.url, {
    DNS_SERVERS: await dns.start(),
    JOB_POLL_SECONDS: '0',
  })
  try {
    const { services } = server.app
    const org = await services.orgs.createOrganization(
      { name: 'Crash Co', adminEmail: 'owner@crash.test' },
      OPERATOR,
    )
    const { secret: token } = await services.apiTokens.create(org.organizationId, 'ci', OPERATOR)
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${server.url}/api/v1/orgs/${org.organizationId}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return (await response.json()) as Record<string, unknown>
    }
    const domain = (await api('POST', '/domains', { name: 'crash.test' })) as {
      id: string
      verification: { name: string; value: string }
    }
    dns.setTXT(domain.verification.name, [domain.verification.value])
    assert.equal((await api('POST', `/domains/${domain.id}/verify`))['status'], 'verified')
    return { orgId: org.organizationId, token }
  } finally {
    await server.shutdown()
  }
}

function csv(): string {
  const lines = ['email,given name,family name,role']
  for (let i = 0; i < ROWS; i++) {
    // Every 10th row is rejected (unverified domain): bad rows never stop good ones.
    const domain = i % 10 === 9 ? 'elsewhere.test' : 'crash.test'
    lines.push(`person${i}@${domain},Given${i},Family${i},${i % 50 === 0 ? 'admin' : ''}`)
  }
  return lines.join('\n')
}

async function runOf(server: ServerProcess, orgId: string, token: string, id: string) {
  const response = await fetch(`${server.url}/api/v1/orgs/${orgId}/users/import/${id}`, {
    headers: { authorization: `Bearer ${token}` },
  })
  return (await response.json()) as RunBody
}

async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return
    await sleep(25)
  }
  assert.fail(`timed out waiting for ${what}`)
}

/** What the database says after the run: every row once, nothing doubled. */
async function assertExactlyOnce(target: TestDatabase, orgId: string, runId: string) {
  const app = await openApp(testConfig(target.url))
  try {
    const { db } = app.database
    const results = await db
      .selectFrom('import_results')
      .select(['outcome', 'user_id'])
      .where('run_id', '=', runId)
      .execute()
    assert.equal(results.length, ROWS, 'one result per row')
    const created = results.filter((r) => r.outcome === 'create')
    assert.equal(created.length, ROWS - ROWS / 10)
    assert.equal(results.filter((r) => r.outcome === 'reject').length, ROWS / 10)
    const users = await db
      .selectFrom('users')
      .select(['id'])
      .where('org_id', '=', orgId)
      .where('email_canonical', 'like', 'person%')
      .execute()
    assert.equal(users.length, created.length, 'one account per created row')
    assert.deepEqual(
      new Set(users.map((u) => u.id)),
      new Set(created.map((r) => r.user_id)),
      'the results name exactly the accounts made',
    )
    const invitations = await db
      .selectFrom('mail_outbox')
      .select(['ref_id'])
      .where('kind', '=', 'invitation')
      .execute()
    assert.equal(invitations.length, created.length, 'one invitation queued per created user')
    assert.equal(new Set(invitations.map((m) => m.ref_id)).size, created.length)
    const imported = await db
      .selectFrom('audit_events')
      .select(['target_id'])
      .where('type', '=', 'user.imported')
      .execute()
    assert.equal(imported.length, created.length, 'one audit event per created user')
  } finally {
    await app.close()
  }
}

for (const engine of DIALECTS) {
  describe(`${engine}: an import run survives kill -9`, () => {
    let target: TestDatabase
    const dns = new TestDNSServer()
    const smtp = new TestSMTPServer()
    const servers: ServerProcess[] = []
    let env: Record<string, string>
    let org: { orgId: string; token: string }

    before(async () => {
      target = await createTestDatabase(engine)
      org = await prepare(target, dns)
      // The default poll (300 s): a run left by a dead instance must not wait for it (issue 21 item 9).
      env = {
        DATABASE_URL: target.url,
        JOB_LEASE_SECONDS: '3',
        IMPORT_BATCH_ROWS: '5',
        SMTP_URL: await smtp.start(),
        MAIL_FROM: 'portcullis@crash.test',
      }
    })
    after(async () => {
      for (const server of servers) await server.stop('SIGKILL')
      await smtp.stop()
      await dns.stop()
      await target.drop()
    })

    const start = async () => {
      const server = await startServerProcess(env)
      servers.push(server)
      return server
    }

    const upload = async (server: ServerProcess) => {
      const response = await fetch(
        `${server.url}/api/v1/orgs/${org.orgId}/users/import?sendInvitations=true`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${org.token}`, 'content-type': 'text/csv' },
          body: csv(),
        },
      )
      assert.equal(response.status, 202, await response.clone().text())
      return ((await response.json()) as { run: RunBody }).run
    }

    it('resumes within the lease after a restart and finishes with every row done exactly once', async () => {
      const first = await start()
      const run = await upload(first)
      let seen: RunBody | undefined
      await until('the run to be under way', async () => {
        seen = await runOf(first, org.orgId, org.token, run.id)
        return seen.doneRows > 0
      })
      assert.ok(seen !== undefined && seen.doneRows < ROWS, 'killed in the middle')
      assert.equal(await first.stop('SIGKILL'), null)
      const atKill = (await runOf(await start(), org.orgId, org.token, run.id)).doneRows
      const second = servers.at(-1) as ServerProcess
      // The dead instance's lease (3 s, renewed every second) runs out within 3 s of the kill; the
      // restarted instance takes it then — far sooner than its next poll (300 s).
      await until(
        'the run to resume',
        async () => (await runOf(second, org.orgId, org.token, run.id)).doneRows > atKill,
        3_000 + 10_000,
      )
      await until('the run to finish', async () => {
        const now = await runOf(second, org.orgId, org.token, run.id)
        return now.status === 'finished'
      })
      const done = await runOf(second, org.orgId, org.token, run.id)
      assert.deepEqual(done.counts, {
        create: ROWS - ROWS / 10,
        update: 0,
        unchanged: 0,
        reject: ROWS / 10,
      })
      await second.stop('SIGTERM')
      await assertExactlyOnce(target, org.orgId, run.id)
    })
  })
}

if (DIALECTS.includes('postgres')) {
  describe('postgres: two instances, one killed in the middle of a run', () => {
    let target: TestDatabase
    const dns = new TestDNSServer()
    const smtp = new TestSMTPServer()
    const servers: ServerProcess[] = []

    before(async () => {
      target = await createTestDatabase('postgres')
    })
    after(async () => {
      for (const server of servers) await server.stop('SIGKILL')
      await smtp.stop()
      await dns.stop()
      await target.drop()
    })

    it('the other instance finishes the run, every row once', async () => {
      const org = await prepare(target, dns)
      const env = {
        DATABASE_URL: target.url,
        JOB_POLL_SECONDS: '1',
        JOB_LEASE_SECONDS: '3',
        IMPORT_BATCH_ROWS: '5',
        SMTP_URL: await smtp.start(),
        MAIL_FROM: 'portcullis@crash.test',
      }
      const a = await startServerProcess(env)
      const b = await startServerProcess(env)
      servers.push(a, b)
      const response = await fetch(`${a.url}/api/v1/orgs/${org.orgId}/users/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${org.token}`, 'content-type': 'text/csv' },
        body: csv(),
      })
      const run = ((await response.json()) as { run: RunBody }).run
      await until('the run to be under way', async () => {
        const now = await runOf(b, org.orgId, org.token, run.id)
        return now.doneRows > 0 && now.doneRows < ROWS
      })
      await a.stop('SIGKILL')
      await until('the run to finish', async () => {
        return (await runOf(b, org.orgId, org.token, run.id)).status === 'finished'
      })
      await b.stop('SIGTERM')
      await assertExactlyOnce(target, org.orgId, run.id)
    })
  })
}
