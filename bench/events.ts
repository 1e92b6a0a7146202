/**
 * `npm run bench:events`: what webhooks cost the sign-in path, and how fast the outbox delivers.
 *
 * A real server process on SQLite (pinned to core 0 when taskset is there) takes returning-user
 * sign-ins (session → code → token, the cheapest whole sign-in, so any cost shows) from
 * BENCH_CONNECTIONS workers while two Admin API workers change users (each change one event), first
 * alternately with no webhook endpoint and with three (every type) to a receiver in this process
 * (A, B, B, A, so warm-up and drift weigh on both sides). Reported: the
 * sign-in rate with endpoints against without (goal: at most 10 % lower), events written per second
 * alongside, and the outbox's delivery rate for a burst of changes against the rate they were written.
 */
import { rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { loadConfig } from '../src/config/load.ts'
import { openApp } from '../src/main.ts'
import { Browser } from '../test/helpers/browser.ts'
import { startServerProcess } from '../test/helpers/processes.ts'
import {
  authorization,
  benchServer,
  consoleClient,
  pinToCores,
  redeem,
  seedOrganization,
} from './console-flow.ts'
import { perSecond, reportRows } from './report.ts'

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10)
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 8)
const WRITERS = 2
const BURST = 300
const USERS = 16
const PASSWORD = 'correct horse battery staple'
const OPERATOR = { type: 'operator', id: 'bench' } as const

// The receiver: answers 204 at once and counts what it got.
let received = 0
let lastReceivedAt = 0
const receiver = createServer((request, response) => {
  request.resume()
  request.on('end', () => {
    received++
    lastReceivedAt = performance.now()
    response.writeHead(204).end()
  })
})
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
const receiverAddress = receiver.address()
const receiverUrl = `http://127.0.0.1:${typeof receiverAddress === 'object' && receiverAddress ? receiverAddress.port : 0}`

const { dir, env } = await benchServer('events', { WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' })

// Set-up through the real services: an organization, users with passwords, a console, an Admin API token.
const setup = await openApp(loadConfig(env).config)
let emails: string[] = []
let userIds: string[] = []
let orgId = ''
let clientId = ''
let adminToken = ''
try {
  ;({ orgId, emails, userIds } = await seedOrganization(setup, USERS, PASSWORD))
  clientId = await consoleClient(setup)
  adminToken = (await setup.services.apiTokens.create(orgId, 'bench', OPERATOR)).secret
} finally {
  await setup.close()
}

const server = await startServerProcess(env)
const pinned = pinToCores(server.pid)

function browserFor(index: number): Browser {
  return new Browser(undefined, { 'x-forwarded-for': `10.0.${(index >> 8) & 255}.${index & 255}` })
}

async function signedIn(index: number): Promise<Browser> {
  const browser = browserFor(index)
  const { href, verifier } = authorization(server.url, clientId)
  const emailPage = await browser.follow(href)
  const passwordPage = await browser.submit(emailPage, '/login/email', {
    email: emails[index] ?? '',
  })
  const done = await browser.submit(passwordPage, '/login/password', { password: PASSWORD })
  await redeem(server.url, done, clientId, verifier)
  return browser
}

async function returning(browser: Browser): Promise<void> {
  const { href, verifier } = authorization(server.url, clientId)
  await redeem(server.url, await browser.request(href), clientId, verifier)
}

let changes = 0
/** One Admin API change: a user's given name (one `user.updated` event). */
async function change(): Promise<void> {
  const userId = userIds[changes++ % userIds.length] ?? ''
  const response = await fetch(`${server.url}/api/v1/orgs/${orgId}/users/${userId}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ givenName: `G${changes}` }),
  })
  if (!response.ok) throw new Error(`change failed: ${response.status}`)
  await response.arrayBuffer()
}

/** Sign-ins by every browser and changes by WRITERS workers, for `seconds`. */
async function mixed(browsers: readonly Browser[], seconds: number) {
  let logins = 0
  let events = 0
  let failures = 0
  const until = performance.now() + seconds * 1000
  const work = (step: () => Promise<void>, count: () => void) => async () => {
    while (performance.now() < until) {
      try {
        await step()
        count()
      } catch {
        failures++
      }
    }
  }
  await Promise.all([
    ...browsers.map((browser) =>
      work(
        () => returning(browser),
        () => logins++,
      )(),
    ),
    ...Array.from({ length: WRITERS }, () => work(change, () => events++)()),
  ])
  return { logins: logins / seconds, events: events / seconds, failures }
}

async function operator(
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const token = await operatorToken
  const response = await fetch(`${server.url}/api/v1/operator${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`)
  return response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>)
}
const operatorToken = (async () => {
  const app = await openApp(loadConfig(env).config)
  try {
    return (await app.services.operatorTokens.create('bench', undefined, OPERATOR)).secret
  } finally {
    await app.close()
  }
})()

async function waitUntilReceived(count: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs
  while (received < count) {
    if (performance.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return true
}

try {
  const browsers = await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => signedIn(i)))
  await mixed(browsers, 3) // warm-up
  // A, B, B, A (half the time each): warm-up and drift weigh on both sides alike. Each B registers three
  // endpoints (they receive what is committed after), waits until every delivery it owes has arrived,
  // and removes them.
  const phases: { with: boolean; result: Awaited<ReturnType<typeof mixed>> }[] = []
  let caughtUp = true
  for (const hooks of [false, true, true, false]) {
    const endpoints: string[] = []
    if (hooks) {
      for (let i = 0; i < 3; i++) {
        const made = await operator('POST', `/clients/${clientId}/webhooks`, {
          url: `${receiverUrl}/hook${i}`,
        })
        endpoints.push((made['endpoint'] as { id: string }).id)
      }
    }
    received = 0
    const before = changes
    const result = await mixed(browsers, SECONDS / 2)
    if (hooks) {
      caughtUp &&= await waitUntilReceived((changes - before) * 3, 60_000)
      for (const id of endpoints) await operator('DELETE', `/webhooks/${id}`)
    }
    phases.push({ with: hooks, result })
  }
  const average = (hooks: boolean) => {
    const of = phases.filter((p) => p.with === hooks).map((p) => p.result)
    const mean = (pick: (r: (typeof of)[number]) => number) =>
      of.reduce((sum, r) => sum + pick(r), 0) / of.length
    return {
      logins: mean((r) => r.logins),
      events: mean((r) => r.events),
      failures: of.reduce((sum, r) => sum + r.failures, 0),
    }
  }
  const without = average(false)
  const withHooks = average(true)

  // Delivery throughput: three endpoints again, a burst of changes as fast as two writers go, then until
  // the last delivery.
  for (let i = 0; i < 3; i++) {
    await operator('POST', `/clients/${clientId}/webhooks`, { url: `${receiverUrl}/hook${i}` })
  }
  received = 0
  const started = performance.now()
  let written = 0
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (written < BURST) {
        written++
        await change()
      }
    }),
  )
  const writtenIn = (performance.now() - started) / 1000
  const delivered = await waitUntilReceived(BURST * 3, 120_000)
  const deliveredIn = (lastReceivedAt - started) / 1000
  const writeRate = BURST / writtenIn
  const deliveryRate = received / deliveredIn

  const f = (n: number) => n.toFixed(1)
  const loginRatio = withHooks.logins / without.logins
  console.log(
    `bench:events  SQLite, ${CONNECTIONS} returning sign-ins and ${WRITERS} Admin API writers at once for ${SECONDS} s, ${pinned ? 'server pinned to core 0, driver and receiver to core 1' : 'not pinned (no taskset)'}`,
  )
  console.log(
    `  no endpoint        sign-ins ${f(without.logins)}/s   events written ${f(without.events)}/s   failures ${without.failures}`,
  )
  console.log(
    `  three endpoints    sign-ins ${f(withHooks.logins)}/s   events written ${f(withHooks.events)}/s   failures ${withHooks.failures}   deliveries caught up: ${caughtUp ? 'yes' : 'NO'}`,
  )
  console.log(
    `  with endpoints / without: sign-ins ${loginRatio.toFixed(3)} (goal ≥ 0.90), events written ${(withHooks.events / without.events).toFixed(3)}`,
  )
  console.log(
    `  burst of ${BURST} changes: written ${f(writeRate)}/s; ${received} deliveries (3 per event${delivered ? '' : ', NOT all'}) at ${f(deliveryRate)}/s = ${(deliveryRate / (3 * writeRate)).toFixed(2)}× the rate they were owed`,
  )
  reportRows([
    {
      path: `returning sign-ins over HTTP with 3 webhook endpoints, beside ${f(withHooks.events)} events/s`,
      now: perSecond(withHooks.logins),
      baseline: `the same without endpoints ${perSecond(without.logins)}`,
      ratio: loginRatio,
      goal: '≥ 0.90',
      met: loginRatio >= 0.9,
    },
    {
      path: `webhook deliveries to a local receiver (burst of ${BURST} events × 3 endpoints)`,
      now: perSecond(deliveryRate),
      baseline: `deliveries owed: 3 × events written ${perSecond(writeRate)}`,
      ratio: deliveryRate / (3 * writeRate),
      goal: '(reported)',
      met: delivered,
    },
  ])
} finally {
  await server.stop()
  receiver.close()
  rmSync(dir, { recursive: true, force: true })
}
