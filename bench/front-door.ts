/**
 * `npm run bench:front-door`: the front door's performance table in one command, every row next to a
 * baseline measured in the same run. Runs `bench:acs`, `bench:storage` and `bench:login` as they are
 * (each appends its rows to a report file), then measures here what needs a real server process on
 * SQLite: the ACS over HTTP next to node-saml validating the same responses, Admin API reads next to
 * Fastify's hello world, and both processes' idle RSS. Server pinned to core 0 and this driver to core 1
 * when `taskset` is there. `BENCH_SECONDS` (10) per timed row; `BENCH_SKIP=acs,storage,login` leaves
 * those children out; `BENCH_SERVER_ENV` (JSON) adds to the server's environment, e.g.
 * `{"NODE_OPTIONS":"--cpu-prof"}`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SAML } from '@node-saml/node-saml'
import autocannon from 'autocannon'
import { loadConfig } from '../src/config/load.ts'
import { openApp } from '../src/main.ts'
import { newId } from '../src/platform/random.ts'
import type { ACSProfile } from '../src/saml/acs/context.ts'
import { createStore } from '../src/storage/store.ts'
import { freePort, startServerProcess } from '../test/helpers/processes.ts'
import { K_A } from '../test/helpers/saml.ts'
import { perSecond, reportRows, type BenchRow } from './report.ts'
import { entraAttributes, insertVerifiedDomain, pendingResponses } from './saml-responses.ts'
import { rssMiB } from './proc.ts'
import { serverEnvOverrides } from './console-flow.ts'

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10)
const CONNECTIONS = 16
const ACS_RESPONSES = Number(process.env['BENCH_ACS_N'] ?? 1200)
const USERS = 1000
const BROWSER = 'bench-browser'
const skip = new Set((process.env['BENCH_SKIP'] ?? '').split(','))

const dir = mkdtempSync(join(tmpdir(), 'portcullis-front-door-'))
const reportFile = join(dir, 'rows.jsonl')
writeFileSync(reportFile, '')
process.env['BENCH_REPORT'] = reportFile

function pin(pid: number | undefined, core: number): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// 1. The benchmarks that stand alone, each reporting its rows.
for (const name of ['acs', 'storage', 'login']) {
  if (skip.has(name)) continue
  console.log(`\n== bench:${name}`)
  execFileSync(process.execPath, [join(import.meta.dirname, `${name}.ts`)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_REPORT: reportFile },
  })
}

// 2. A server with an organization, a verified domain, an SSO profile, users and an Admin API token.
const port = await freePort()
const publicUrl = `http://127.0.0.1:${port}`
const env = {
  NODE_ENV: 'test',
  DATABASE_URL: `sqlite:${join(dir, 'p.sqlite')}`,
  PUBLIC_URL: publicUrl,
  PORT: String(port),
  LOG_LEVEL: 'warn',
  ...serverEnvOverrides(),
}
const setup = await openApp(loadConfig(env).config)
const operator = { type: 'operator', id: 'bench' } as const
const now = Date.now()
let orgId = ''
let profileId = ''
let apiToken = ''
const userIds: string[] = []
const responses: string[] = []
try {
  orgId = (
    await setup.services.orgs.createOrganization(
      { name: 'Bench', adminEmail: 'owner@orga.test' },
      operator,
    )
  ).organizationId
  const db = setup.database.db
  await insertVerifiedDomain(setup.database, orgId, 'orga.test', now)
  for (let i = 0; i < USERS; i++) {
    const id = newId()
    userIds.push(id)
    const email = i === 0 ? 'ada@orga.test' : `user${i}@orga.test`
    await db
      .insertInto('users')
      .values({
        id,
        org_id: orgId,
        email,
        email_canonical: email,
        given_name: 'Given',
        family_name: `Family ${i}`,
        status: 'active',
        role: 'member',
        sso_override: 'none',
        created_at: now + i,
        updated_at: now + i,
        version: 1,
      })
      .execute()
  }
  const profile = await setup.services.ssoProfiles.createProfile(
    orgId,
    {
      name: 'Entra ID',
      idpEntityId: 'https://idp.example.test/metadata',
      idpSsoUrl: 'https://idp.example.test/sso',
      certificates: [K_A.cert],
      signRequests: false,
      signaturePolicy: 'both',
      domains: ['orga.test'],
    },
    operator,
  )
  profileId = profile.id
  apiToken = (await setup.services.apiTokens.create(orgId, 'bench', operator)).secret

  // Entra ID's usual claims and a few groups: a response of about 7 KB, signed twice.
  const conn: ACSProfile = {
    id: profileId,
    orgId,
    certificates: [K_A.cert],
    signaturePolicy: 'both',
    assertionEncryption: 'off',
    clockSkewMs: 120_000,
    idpEntityId: 'https://idp.example.test/metadata',
    spEntityId: `${publicUrl}/saml/${profileId}/metadata`,
    acsUrl: `${publicUrl}/saml/${profileId}/acs`,
  }
  responses.push(
    ...(await pendingResponses(createStore(setup.database), conn, {
      count: ACS_RESPONSES,
      now,
      browser: BROWSER,
      email: 'ada@orga.test',
      attributes: entraAttributes('ada@orga.test', 8),
    })),
  )
} finally {
  await setup.close()
}
const responseKB = Buffer.from(responses[0] ?? '', 'base64').length / 1024

async function startHello(): Promise<{ child: ChildProcess; url: string }> {
  const helloPort = await freePort()
  const child = spawn(process.execPath, [join(import.meta.dirname, 'hello-server.ts')], {
    env: { ...process.env, PORT: String(helloPort) },
    stdio: 'ignore',
  })
  const url = `http://127.0.0.1:${helloPort}/`
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(url)).ok) return { child, url }
    } catch {
      if (i > 200) throw new Error('hello server did not start')
      await sleep(50)
    }
  }
}

async function cannon(url: string, headers: Record<string, string> = {}): Promise<number> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers })
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
  }
  return result.requests.total / result.duration
}

const server = await startServerProcess(env)
const hello = await startHello()
const rows: BenchRow[] = []
let pinned = false
try {
  pinned = pin(server.pid, 0) && pin(hello.child.pid, 0) && pin(process.pid, 1)
  // 3. Idle RSS: both processes started, served one request, and settled.
  await fetch(`${server.url}/healthz`)
  await sleep(3000)
  const idle = { ours: rssMiB(server.pid), hello: rssMiB(hello.child.pid) }
  rows.push({
    path: 'RSS idle after start (smaller is better; ratio hello / ours)',
    now: `${idle.ours.toFixed(0)} MiB`,
    baseline: `Fastify hello ${idle.hello.toFixed(0)} MiB`,
    ratio: idle.hello / idle.ours,
    goal: '≤ 120 MiB',
    met: idle.ours <= 120,
  })

  // 4. Admin API reads with an API token, next to hello, both through autocannon.
  const helloRate = await cannon(hello.url)
  const auth = { authorization: `Bearer ${apiToken}` }
  const api = `${server.url}/api/v1/orgs/${orgId}/users`
  const byId = await cannon(`${api}/${userIds[USERS - 1]}`, auth)
  const page = await cannon(api, auth)
  rows.push(
    {
      path: 'Admin API GET users/{id} (API token)',
      now: perSecond(byId),
      baseline: `Fastify hello ${perSecond(helloRate)}`,
      ratio: byId / helloRate,
      goal: '≥ 0.3',
      met: byId / helloRate >= 0.3,
    },
    {
      path: `Admin API first page of users (50 of ${USERS})`,
      now: perSecond(page),
      baseline: `Fastify hello ${perSecond(helloRate)}`,
      ratio: page / helloRate,
      goal: '≥ 0.1',
      met: page / helloRate >= 0.1,
    },
  )

  // 5. The ACS over HTTP, 16 posts at once, every response answering its own pending request.
  let next = 0
  let failures = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < responses.length) {
        const samlResponse = responses[next++] ?? ''
        const answer = await fetch(`${server.url}/saml/${profileId}/acs`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            cookie: `portcullis_saml=${BROWSER}`,
          },
          body: new URLSearchParams({ SAMLResponse: samlResponse }),
          redirect: 'manual',
        })
        await answer.arrayBuffer()
        if (answer.status !== 200) failures++
      }
    }),
  )
  const acsHttp = responses.length / ((performance.now() - started) / 1000)
  if (failures > 0) throw new Error(`${failures} ACS posts were refused`)
  const nodeSAML = new SAML({
    callbackUrl: `${publicUrl}/saml/${profileId}/acs`,
    entryPoint: 'https://idp.example.test/sso',
    issuer: `${publicUrl}/saml/${profileId}/metadata`,
    audience: `${publicUrl}/saml/${profileId}/metadata`,
    idpCert: K_A.cert,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    acceptedClockSkewMs: 120_000,
  })
  // node-saml on the server's core, so both sides get one core.
  pin(process.pid, 0)
  const sample = responses.slice(0, Math.min(responses.length, 600))
  const nodeStarted = performance.now()
  for (const samlResponse of sample)
    await nodeSAML.validatePostResponseAsync({ SAMLResponse: samlResponse })
  const nodeRate = sample.length / ((performance.now() - nodeStarted) / 1000)
  pin(process.pid, 1)
  rows.push({
    path: `ACS over HTTP (${responseKB.toFixed(1)} KB, twice signed, ${CONNECTIONS} at once)`,
    now: perSecond(acsHttp),
    baseline: `node-saml validate ${perSecond(nodeRate)}`,
    ratio: acsHttp / nodeRate,
    goal: '≥ 8',
    met: acsHttp / nodeRate >= 8,
  })
} finally {
  hello.child.kill('SIGTERM')
  await server.stop()
}
reportRows(rows)

// 6. The table.
const all = readFileSync(reportFile, 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as BenchRow)
rmSync(dir, { recursive: true, force: true })
const width = Math.max(...all.map((r) => r.path.length))
console.log(
  `\nfront door, SQLite, ${pinned ? 'server on core 0, drivers on core 1' : 'not pinned (no taskset)'}, ${SECONDS} s per timed row`,
)
console.log(
  `${'path'.padEnd(width)}  ${'now'.padStart(10)}  ${'baseline, same run'.padEnd(40)}  ratio    goal        met`,
)
for (const r of all) {
  console.log(
    `${r.path.padEnd(width)}  ${r.now.padStart(10)}  ${r.baseline.padEnd(40)}  ${r.ratio.toFixed(r.ratio < 0.1 ? 3 : 2).padStart(6)}   ${r.goal.padEnd(10)}  ${r.met ? 'yes' : 'no'}`,
  )
}
