/**
 * Fixtures for Admin API tests: a real server on a fresh database, two organizations (owners with
 * passwords, an admin API token each), and helpers to add users and sign in through the real pages.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import type { RunningServer } from '../../../src/main.ts'
import type { Clock } from '../../../src/platform/clock.ts'
import type { Engine } from '../../../src/storage/database.ts'
import { Browser } from '../../helpers/browser.ts'
import { startTestServer } from '../../helpers/config.ts'
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.ts'
import type { TestDNSServer } from '../../helpers/dns-server.ts'
import { K_A } from '../../helpers/saml.ts'

export const PASSWORD = 'correct horse battery staple'
const CALLBACK = 'http://127.0.0.1:9/callback'
// Any valid S256 challenge will do: these tests need the session, not the code.
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'

export interface AdminOrg {
  readonly orgId: string
  readonly ownerId: string
  readonly ownerEmail: string
  readonly token: string
}

export interface SignedIn {
  readonly browser: Browser
  readonly csrfToken: string
}

export interface APIResult {
  readonly status: number
  readonly json: Record<string, unknown>
}

export interface AdminFixture {
  readonly server: RunningServer
  readonly url: string
  readonly a: AdminOrg
  readonly b: AdminOrg
  /** fetch against the server with a bearer token and JSON. */
  api(
    token: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<APIResult>
  /** A user of `org` with a password and the given role, active; returns its id. */
  addUser(org: AdminOrg, email: string, role: 'admin' | 'member'): Promise<string>
  /** Signs in through the real login pages; returns the browser with its session and CSRF token. */
  /** Signs in by password; `viaPassword` takes the email page's password option (SSO exceptions). */
  signIn(email: string, password?: string, viaPassword?: boolean): Promise<SignedIn>
  /** Like `api`, with the browser's session cookie (and the CSRF header unless `csrf: false`). */
  sessionApi(
    who: SignedIn,
    method: string,
    path: string,
    body?: unknown,
    options?: { csrf?: boolean },
  ): Promise<APIResult>
  /** Another instance on the same database (and clock). */
  startAnother(): Promise<RunningServer>
  close(): Promise<void>
}

const OPERATOR = { type: 'operator', id: 'test' } as const

export async function setupAdmin(
  engine: Engine,
  options: { config?: Record<string, string>; clock?: Clock } = {},
): Promise<AdminFixture> {
  const target: TestDatabase = await createTestDatabase(engine)
  const start = (): Promise<RunningServer> =>
    startTestServer(target.url, { JOB_POLL_SECONDS: '0', ...options.config }, options.clock)
  const server = await start()
  const others: RunningServer[] = []
  const services = server.app.services
  const activate = async (inviteUrl: string): Promise<void> => {
    const token = decodeURIComponent(inviteUrl.split('/invite/')[1] ?? '')
    await services.invitations.accept(token, PASSWORD, PASSWORD, {
      ip: '127.0.0.1',
      userAgent: null,
    })
  }
  const makeOrg = async (name: string): Promise<AdminOrg> => {
    const ownerEmail = `owner@${name.toLowerCase()}.test`
    const org = await services.orgs.createOrganization({ name, adminEmail: ownerEmail }, OPERATOR)
    await activate(org.inviteUrl)
    const { secret: token } = await services.apiTokens.create(org.organizationId, 'tests', OPERATOR)
    return { orgId: org.organizationId, ownerId: org.adminUserId, ownerEmail, token }
  }
  const a = await makeOrg('OrgA')
  const b = await makeOrg('OrgB')
  const { clientId } = await services.clients.createClient({
    name: 'Admin Center',
    redirectUris: [CALLBACK],
    confidential: false,
  })
  const parse = (text: string): Record<string, unknown> =>
    text === '' ? {} : (JSON.parse(text) as Record<string, unknown>)

  return {
    server,
    url: server.url,
    a,
    b,
    api: async (token, method, path, body, headers = {}) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body:
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      })
      return { status: response.status, json: parse(await response.text()) }
    },
    addUser: async (org, email, role) => {
      const { user, inviteUrl } = await services.invitations.inviteUser(
        org.orgId,
        { email, role },
        OPERATOR,
      )
      await activate(inviteUrl)
      return user.id
    },
    signIn: async (email, password = PASSWORD, viaPassword = false) => {
      const browser = new Browser()
      const authorize = new URL(`${server.url}/oauth2/authorize`)
      authorize.search = new URLSearchParams({
        client_id: clientId,
        redirect_uri: CALLBACK,
        response_type: 'code',
        scope: 'openid',
        code_challenge: CHALLENGE,
        code_challenge_method: 'S256',
      }).toString()
      const emailPage = await browser.follow(authorize.href)
      const passwordPage = await browser.submit(emailPage, '/login/email', {
        email,
        ...(viaPassword ? { method: 'password' } : {}),
      })
      const done = await browser.submit(passwordPage, '/login/password', { password })
      if (done.status !== 303) throw new Error(`sign-in failed: ${done.status} ${done.body}`)
      const info = await browser.request(`${server.url}/api/v1/session`)
      return { browser, csrfToken: (parse(info.body) as { csrfToken: string }).csrfToken }
    },
    sessionApi: async (who, method, path, body, options = {}) => {
      const response = await who.browser.request(`${server.url}${path}`, {
        method,
        headers: {
          ...((options.csrf ?? true) ? { 'x-csrf-token': who.csrfToken } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return { status: response.status, json: parse(response.body) }
    },
    startAnother: async () => {
      const another = await start()
      others.push(another)
      return another
    },
    close: async () => {
      for (const other of others) await other.shutdown()
      await server.shutdown()
      await target.drop()
    },
  }
}

/** Adds `name` to `org` and verifies it through the test DNS server; returns the domain's id. */
export async function verifyDomain(
  f: AdminFixture,
  dns: TestDNSServer,
  org: AdminOrg,
  name: string,
): Promise<string> {
  const base = `/api/v1/orgs/${org.orgId}/domains`
  const added = await f.api(org.token, 'POST', base, { name })
  assert.equal(added.status, 201, JSON.stringify(added.json))
  const domain = added.json as { id: string; verification: { name: string; value: string } }
  dns.setTXT(domain.verification.name, [domain.verification.value])
  const verified = await f.api(org.token, 'POST', `${base}/${domain.id}/verify`)
  assert.equal(verified.status, 200, JSON.stringify(verified.json))
  return domain.id
}

/**
 * A profile of `org` that can sign users in (IdP key K_A) serving `domains`; `tested` marks its
 * connection test passed (the browser leg is tested in test/http/saml/). Returns its id.
 */
export async function addUsableProfile(
  f: AdminFixture,
  org: AdminOrg,
  options: { tested: boolean; domains?: string[] },
): Promise<string> {
  const created = await f.api(org.token, 'POST', `/api/v1/orgs/${org.orgId}/sso-profiles`, {
    name: `IdP ${randomBytes(3).toString('hex')}`,
    idpEntityId: 'https://idp.example.test',
    idpSsoUrl: 'https://idp.example.test/sso',
    certificates: [K_A.cert],
    ...(options.domains === undefined ? {} : { domains: options.domains }),
  })
  assert.equal(created.status, 201, JSON.stringify(created.json))
  const id = (created.json as { id: string }).id
  if (options.tested) {
    await f.server.app.database.db
      .updateTable('sso_profiles')
      .set({ last_test_at: Date.now(), last_test_passed_at: Date.now() })
      .where('id', '=', id)
      .execute()
  }
  return id
}

export function errorCode(json: Record<string, unknown>): string | undefined {
  return (json['error'] as { code?: string } | undefined)?.code
}

/** Every documented Admin API operation under /api/v1/orgs, with its path filled in. */
export async function documentedOperations(
  fixture: AdminFixture,
  orgId: string,
  userId: string,
): Promise<{ method: string; path: string }[]> {
  const document = (await (await fetch(`${fixture.url}/api/v1/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>
  }
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/api/v1/orgs/'))
    .flatMap(([path, item]) =>
      Object.keys(item).map((method) => ({
        method: method.toUpperCase(),
        path: path.replace('{orgId}', orgId).replace(/\{\w+\}/g, userId),
      })),
    )
}
