/** A console's side of the sign-in as the benchmarks drive it: the authorization request and the code exchange. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash, randomBytes } from 'node:crypto'
import type { App } from '../src/main.ts'
import { freePort } from '../test/helpers/processes.ts'
import type { PageResponse } from '../test/helpers/browser.ts'

export const CALLBACK = 'http://127.0.0.1:9/callback'

/** An authorization request as a console makes it: the URL and the PKCE verifier that goes with it. */
export function authorization(baseUrl: string, client: string): { href: string; verifier: string } {
  const verifier = randomBytes(32).toString('base64url')
  const authorize = new URL(`${baseUrl}/oauth2/authorize`)
  authorize.search = new URLSearchParams({
    client_id: client,
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: 'openid email',
    state: 's',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString()
  return { href: authorize.href, verifier }
}

/** The code of a redirect to the callback, redeemed at the token endpoint as the console would. */
export async function redeem(
  baseUrl: string,
  answer: PageResponse,
  client: string,
  verifier: string,
): Promise<void> {
  const code = new URL(answer.headers.get('location') ?? 'http://x/').searchParams.get('code')
  if (answer.status !== 303 || code === null) throw new Error(`no code: ${answer.status}`)
  const token = await fetch(`${baseUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      client_id: client,
      code_verifier: verifier,
    }),
  })
  if (!token.ok) throw new Error(`token failed: ${token.status}`)
  await token.json()
}

/** A public console client that redirects to CALLBACK, as the benchmarks' consoles are; its id. */
export async function consoleClient(
  app: App,
  name = 'Bench console',
  idTokenAlg?: 'RS256' | 'ES256' | 'EdDSA',
): Promise<string> {
  const made = await app.services.clients.createClient({
    name,
    redirectUris: [CALLBACK],
    confidential: false,
    ...(idTokenAlg !== undefined && { idTokenAlg }),
  })
  return made.clientId
}

/** The server on core 0, this load driver on core 1 (false when `taskset` is not there). */
export function pinToCores(serverPid: number): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', '0', String(serverPid)], { stdio: 'ignore' })
    execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/**
 * An organization with `users` members `u0@bench.test`… (`prefix` instead of `u`, in a domain of its
 * own) who accepted their invitation with `password`.
 */
export async function seedOrganization(
  app: App,
  users: number,
  password: string,
  prefix = 'u',
): Promise<{ orgId: string; emails: string[]; userIds: string[] }> {
  const operator = { type: 'operator', id: 'bench' } as const
  const domain = prefix === 'u' ? 'bench.test' : `${prefix}.bench.test`
  const org = await app.services.orgs.createOrganization(
    { name: `Bench ${prefix}`, adminEmail: `owner@${domain}` },
    operator,
  )
  const emails: string[] = []
  const userIds: string[] = []
  for (let i = 0; i < users; i++) {
    const { inviteUrl, user } = await app.services.invitations.inviteUser(
      org.organizationId,
      { email: `${prefix}${i}@${domain}`, role: 'member' },
      operator,
    )
    const token = decodeURIComponent(inviteUrl.split('/invite/')[1] ?? '')
    await app.services.invitations.accept(token, password, password, {
      ip: '127.0.0.1',
      userAgent: null,
    })
    emails.push(user.email)
    userIds.push(user.id)
  }
  return { orgId: org.organizationId, emails, userIds }
}

/** What `BENCH_SERVER_ENV` (JSON) adds to a benchmark's server environment, e.g. `{"NODE_OPTIONS":"--cpu-prof"}`. */
export function serverEnvOverrides(): Record<string, string> {
  const given = process.env['BENCH_SERVER_ENV']
  return given ? (JSON.parse(given) as Record<string, string>) : {}
}

/**
 * A fresh SQLite directory and the environment of a server process on a free port for a benchmark: each
 * simulated user comes from an address of its own through a trusted proxy, as real traffic does (the
 * password queue is shared fairly per client address, issue 21). `extra` adds settings, and
 * `BENCH_SERVER_ENV` after it.
 */
export async function benchServer(
  name: string,
  extra: Readonly<Record<string, string>> = {},
): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), `portcullis-${name}-bench-`))
  const port = await freePort()
  return {
    dir,
    env: {
      NODE_ENV: 'test',
      DATABASE_URL: `sqlite:${join(dir, 'p.sqlite')}`,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      TRUST_PROXY: '127.0.0.1',
      ...extra,
      ...serverEnvOverrides(),
    },
  }
}
