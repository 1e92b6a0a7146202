/**
 * `npm run chaos`: two Portcullis instances on one PostgreSQL (a throwaway cluster of its own), password
 * logins driven through both without stickiness (each HTTP step of a flow goes to the other instance),
 * and a schedule of faults: kill -9 of one instance and its restart, a PostgreSQL restart, connections
 * exhausted. Per phase it prints flows started, completed and failed, the failures split into "in flight
 * on the faulted instance" and "anything else" — which must be 0 (exit code 1 otherwise). A flow is
 * counted in the phase it started in, so flows cut by a fault can show in the phase before it.
 *
 * The driver behaves like a client behind a load balancer: a refused connection goes to the other
 * instance (what a health-checking balancer does), a 503 is retried after its Retry-After.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { promisify } from 'node:util'
import pg from 'pg'
import { loadConfig } from '../src/config/load.ts'
import { openApp } from '../src/main.ts'
import { startArguments } from '../test/helpers/processes.ts'

const run = promisify(execFile)
const PASSWORD = 'correct horse battery staple'
const REDIRECT = 'http://127.0.0.1:9/callback'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Instance {
  readonly name: string
  readonly port: number
  child: ChildProcess | undefined
  /** Set while a fault is applied to this instance. */
  faulted: boolean
}

interface PhaseCounts {
  started: number
  completed: number
  inFlightOnFaulted: number
  other: number
  otherReasons: string[]
}

class FlowFailure extends Error {
  readonly onFaulted: boolean
  constructor(message: string, onFaulted: boolean) {
    super(message)
    this.onFaulted = onFaulted
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function main(): Promise<void> {
  const { stdout } = await run('bash', ['scripts/pg-test-cluster.sh', 'start'], {
    env: { ...process.env, PG_MAX_CONNECTIONS: '40' },
  })
  const databaseUrl = /PORTCULLIS_TEST_PG_URL=(\S+)/.exec(stdout)?.[1] ?? ''
  const clusterDir = /PORTCULLIS_TEST_PG_DIR=(\S+)/.exec(stdout)?.[1] ?? ''
  const cluster = (command: string) =>
    run('bash', ['scripts/pg-test-cluster.sh', command, clusterDir])
  const publicUrl = `http://127.0.0.1:${await freePort()}`
  const env = {
    PATH: process.env['PATH'] ?? '',
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    PUBLIC_URL: publicUrl,
    DATABASE_POOL_SIZE: '8',
    LOG_LEVEL: 'warn',
    JOB_POLL_SECONDS: '5',
  }
  // Set-up through the real services: an organization, users with passwords, a console client.
  const app = await openApp(loadConfig(env).config)
  const org = await app.services.orgs.createOrganization(
    { name: 'Chaos', adminEmail: 'owner@chaos.test' },
    { type: 'operator', id: 'chaos' },
  )
  const emails: string[] = []
  for (let i = 0; i < 16; i++) {
    const { inviteUrl } = await app.services.invitations.inviteUser(
      org.organizationId,
      { email: `user${i}@chaos.test`, role: 'member' },
      { type: 'operator', id: 'chaos' },
    )
    const token = decodeURIComponent(inviteUrl.split('/invite/')[1] ?? '')
    await app.services.invitations.accept(token, PASSWORD, PASSWORD, {
      ip: '127.0.0.1',
      userAgent: null,
    })
    emails.push(`user${i}@chaos.test`)
  }
  const { clientId } = await app.services.clients.createClient({
    name: 'Console',
    redirectUris: [REDIRECT],
    confidential: false,
  })
  await app.close()

  const instances: Instance[] = [
    { name: 'A', port: await freePort(), child: undefined, faulted: false },
    { name: 'B', port: await freePort(), child: undefined, faulted: false },
  ]
  let code = 1
  try {
    code = await drive(instances, { env, clientId, emails, databaseUrl, cluster })
  } finally {
    for (const instance of instances) instance.child?.kill('SIGKILL')
    await cluster('stop')
  }
  process.exit(code)
}

interface Setup {
  readonly env: Readonly<Record<string, string>>
  readonly clientId: string
  readonly emails: readonly string[]
  readonly databaseUrl: string
  readonly cluster: (command: string) => Promise<unknown>
}

/** Runs the phases and prints the table; the exit code (0 when nothing failed but in-flight requests). */
async function drive(instances: Instance[], setup: Setup): Promise<number> {
  const { env, clientId, emails, databaseUrl, cluster } = setup
  const startInstance = async (instance: Instance) => {
    instance.child = spawn(process.execPath, await startArguments(), {
      env: { ...env, PORT: String(instance.port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    for (let i = 0; i < 200; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${instance.port}/readyz`)).ok) return
      } catch {
        // not yet
      }
      await sleep(50)
    }
    throw new Error(`instance ${instance.name} did not start`)
  }
  for (const instance of instances) await startInstance(instance)
  const exits: string[] = []
  let finished = false
  const watchExit = (instance: Instance) =>
    instance.child?.on('exit', (code, signal) => {
      if (!finished && signal !== 'SIGKILL') exits.push(`${instance.name} exited (${code})`)
    })
  instances.forEach(watchExit)

  let phase: PhaseCounts = newCounts()
  const report: [string, PhaseCounts][] = []
  let next = 0
  /** One HTTP step, on `preferred` unless it refuses the connection; 503 retried after Retry-After. */
  const step = async (
    preferred: Instance,
    path: string,
    init: { method?: string; body?: string; cookies: Map<string, string>; form?: boolean },
  ): Promise<Response> => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const other = instances.find((i) => i !== preferred) ?? preferred
      for (const instance of [preferred, other]) {
        const headers: Record<string, string> = {}
        if (init.cookies.size > 0) {
          headers['cookie'] = [...init.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
        }
        if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded'
        let response: Response
        try {
          response = await fetch(`http://127.0.0.1:${instance.port}${path}`, {
            method: init.method ?? 'GET',
            headers,
            body: init.body,
            redirect: 'manual',
          })
        } catch (error) {
          const refused = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED'
          if (refused) continue // the balancer routes around an instance that is down
          throw new FlowFailure(`network error on ${instance.name}`, instance.faulted)
        }
        for (const line of response.headers.getSetCookie()) {
          const [pair = ''] = line.split(';')
          const eq = pair.indexOf('=')
          init.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim())
        }
        if (response.status === 503) {
          await response.arrayBuffer()
          await sleep(Number(response.headers.get('retry-after') ?? '1') * 200)
          break
        }
        return response
      }
      await sleep(100)
    }
    throw new FlowFailure(`gave up on ${path}`, false)
  }

  const flow = async () => {
    const email = emails[next++ % emails.length] ?? ''
    const first = instances[next % 2] as Instance
    const second = instances[(next + 1) % 2] as Instance
    const cookies = new Map<string, string>()
    const verifier = randomBytes(32).toString('base64url')
    const challenge = createHash('sha256').update(verifier).digest('base64url')
    const query = new URLSearchParams({
      client_id: clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid email',
      state: 's',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })
    const authorize = await step(first, `/oauth2/authorize?${query}`, { cookies })
    const loginPath = authorize.headers.get('location') ?? ''
    await authorize.arrayBuffer()
    const emailPage = await (await step(second, loginPath, { cookies })).text()
    const hidden = (html: string) =>
      Object.fromEntries(
        [...html.matchAll(/name="(tx|csrf)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
      )
    const passwordPage = await (
      await step(first, '/login/email', {
        method: 'POST',
        form: true,
        cookies,
        body: new URLSearchParams({ ...hidden(emailPage), email }).toString(),
      })
    ).text()
    const done = await step(second, '/login/password', {
      method: 'POST',
      form: true,
      cookies,
      body: new URLSearchParams({ ...hidden(passwordPage), password: PASSWORD }).toString(),
    })
    const callback = done.headers.get('location') ?? ''
    await done.arrayBuffer()
    const code = new URL(callback, REDIRECT).searchParams.get('code')
    if (code === null) throw new FlowFailure(`no code (status ${done.status})`, false)
    const token = await step(first, '/oauth2/token', {
      method: 'POST',
      form: true,
      cookies: new Map(),
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: clientId,
        code_verifier: verifier,
      }).toString(),
    })
    if (token.status !== 200) throw new FlowFailure(`token ${token.status}`, false)
    await token.arrayBuffer()
  }

  let driving = true
  const drivers = Array.from({ length: 8 }, async () => {
    while (driving) {
      const counts = phase
      counts.started++
      try {
        await flow()
        counts.completed++
      } catch (error) {
        if (error instanceof FlowFailure && error.onFaulted) counts.inFlightOnFaulted++
        else {
          counts.other++
          counts.otherReasons.push((error as Error).message)
        }
      }
    }
  })
  const during = async (name: string, ms: number, fault?: () => Promise<void>) => {
    phase = newCounts()
    report.push([name, phase])
    await fault?.()
    await sleep(ms)
  }

  const a = instances[0] as Instance
  await during('steady', 8000)
  await during('kill -9 instance A, restart it', 6000, async () => {
    a.faulted = true
    a.child?.kill('SIGKILL')
    await sleep(1500)
    await startInstance(a)
    watchExit(a)
    a.faulted = false
  })
  await during('restart PostgreSQL (3 s down)', 6000, async () => {
    await cluster('pause')
    await sleep(3000)
    await cluster('resume')
  })
  const held: pg.Client[] = []
  await during('connections exhausted for 4 s', 6000, async () => {
    for (;;) {
      const client = new pg.Client({ connectionString: databaseUrl })
      try {
        await client.connect()
        held.push(client)
      } catch {
        break
      }
    }
    setTimeout(() => {
      for (const client of held.splice(0)) void client.end()
    }, 4000)
  })
  await during('steady again', 6000)
  driving = false
  await Promise.all(drivers)
  finished = true

  console.log(
    'phase                              started completed  failed: in flight on faulted   other',
  )
  for (const [name, c] of report) {
    console.log(
      `${name.padEnd(35)}${String(c.started).padStart(7)}${String(c.completed).padStart(10)}${String(c.inFlightOnFaulted).padStart(30)}${String(c.other).padStart(8)}`,
    )
  }
  const other = report.reduce((n, [, c]) => n + c.other, 0)
  if (exits.length > 0) console.log(`instances that exited by themselves: ${exits.join(', ')}`)
  if (other > 0) {
    console.log(`failures outside in-flight requests: ${other}`)
    console.log([...new Set(report.flatMap(([, c]) => c.otherReasons))].slice(0, 10).join('\n'))
  }
  return other === 0 && exits.length === 0 ? 0 : 1
}

function newCounts(): PhaseCounts {
  return { started: 0, completed: 0, inFlightOnFaulted: 0, other: 0, otherReasons: [] }
}

await main()
