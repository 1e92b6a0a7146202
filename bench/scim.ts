/**
 * `npm run bench:scim`: the SCIM server as Entra ID and Okta load it, against a real server process on
 * SQLite (the default) with an organization of BENCH_USERS users (100,000), next to Fastify's hello world
 * measured in the same run the same way (one process each, autocannon in this process on the other
 * core). Phases:
 *   creates          POST /Users until the organization has BENCH_USERS users
 *   filtered GET     GET /Users?filter=userName eq "…" for a random existing user
 *   PATCH active     PATCH /Users/{id} active false / true, alternating, random users
 *   list page        GET /Users?startIndex=…&count=100 at a random place in the list
 * Each prints requests/s, p50/p99 latency, non-2xx answers, and the rate as a share of hello world.
 * BENCH_PROFILE=1 writes a CPU profile of the server (.cpuprofile, for Chrome DevTools or speedscope).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { freePort, ROOT } from '../test/helpers/processes.ts'
import { startSCIMServer } from '../scripts/lib/scim-server.ts'

const USERS = Number(process.env['BENCH_USERS'] ?? 100_000)
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10)
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10)
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

interface Phase {
  readonly name: string
  readonly rate: number
  readonly p50: number
  readonly p99: number
  readonly errors: number
  readonly total: number
}

function summarize(name: string, result: autocannon.Result): Phase {
  const total = result.requests.total
  return {
    name,
    rate: total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
    total,
  }
}

async function hello(): Promise<Phase> {
  const port = await freePort()
  const child = spawn(process.execPath, [join(ROOT, 'bench', 'hello-server.ts')], {
    env: { ...process.env, PORT: String(port) },
    stdio: 'inherit',
  })
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break
      } catch {
        if (i > 100) throw new Error('hello server did not start')
        await new Promise((r) => setTimeout(r, 50))
      }
    }
    const result = await autocannon({
      url: `http://127.0.0.1:${port}/`,
      connections: CONNECTIONS,
      duration: SECONDS,
    })
    return summarize('Fastify hello world', result)
  } finally {
    child.kill('SIGTERM')
  }
}

const profileDir = process.env['BENCH_PROFILE']
  ? mkdtempSync(join(tmpdir(), 'scim-prof-'))
  : undefined
const baseline = await hello()
const server = await startSCIMServer(
  [['bench.test']],
  profileDir === undefined ? {} : { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` },
)
const org = server.orgs[0]
if (org === undefined) throw new Error('set-up failed')
const base = new URL(org.scimBaseUrl)
const headers = {
  authorization: `Bearer ${org.scimToken}`,
  'content-type': 'application/scim+json',
}
const ids: string[] = []
const pick = () => ids[Math.floor(Math.random() * ids.length)] ?? ''
const userName = (i: number) => `user${i}@bench.test`
const phases: Phase[] = []

try {
  let next = 0
  const created = await autocannon({
    url: base.origin,
    connections: CONNECTIONS,
    amount: USERS,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: `${base.pathname}/Users`,
        headers,
        setupRequest: (request) => {
          const i = next++
          return {
            ...request,
            body: JSON.stringify({
              schemas: [USER_SCHEMA],
              userName: userName(i),
              externalId: `ext-${i}`,
              name: { givenName: 'Bench', familyName: `User ${i}` },
              emails: [{ value: userName(i), type: 'work', primary: true }],
              active: true,
            }),
          }
        },
        onResponse: (status, body) => {
          if (status === 201) ids.push((JSON.parse(body) as { id: string }).id)
        },
      },
    ],
  })
  phases.push(summarize(`creates (to ${USERS.toLocaleString('en')} users)`, created))

  const run = (name: string, request: autocannon.Request) =>
    autocannon({
      url: base.origin,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [{ headers, ...request }],
    }).then((result) => phases.push(summarize(name, result)))

  await run('filtered GET (userName eq)', {
    method: 'GET',
    setupRequest: (request) => {
      const i = Math.floor(Math.random() * USERS)
      const filter = encodeURIComponent(`userName eq "${userName(i)}"`)
      return { ...request, path: `${base.pathname}/Users?filter=${filter}` }
    },
  })
  let flip = false
  await run('PATCH active false/true', {
    method: 'PATCH',
    setupRequest: (request) => {
      flip = !flip
      return {
        ...request,
        path: `${base.pathname}/Users/${pick()}`,
        body: JSON.stringify({
          schemas: [PATCH_SCHEMA],
          Operations: [{ op: 'replace', path: 'active', value: flip ? 'False' : 'True' }],
        }),
      }
    },
  })
  await run('list page of 100 (random startIndex)', {
    method: 'GET',
    setupRequest: (request) => {
      const start = 1 + Math.floor(Math.random() * Math.max(1, USERS - 100))
      return { ...request, path: `${base.pathname}/Users?startIndex=${start}&count=100` }
    },
  })
} finally {
  await server.stop()
}

const pad = (text: string, width: number) => text.padEnd(width)
const num = (n: number, digits = 0) =>
  n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })
console.log(
  `\nSCIM benchmark: SQLite, ${num(USERS)} users, ${CONNECTIONS} connections, ${SECONDS} s per read/write phase\n`,
)
console.log(
  `${pad('phase', 40)}${pad('req/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('non-2xx', 9)}vs hello`,
)
for (const phase of [baseline, ...phases]) {
  console.log(
    `${pad(phase.name, 40)}${pad(num(phase.rate), 10)}${pad(num(phase.p50, 1), 9)}${pad(num(phase.p99, 1), 9)}${pad(num(phase.errors), 9)}${(phase.rate / baseline.rate).toFixed(3)}`,
  )
}
if (profileDir !== undefined) console.log(`\nserver CPU profile written to ${profileDir}`)
