/**
 * Fixtures for the login tests: a real server on a fresh database of one engine, an organization whose
 * owner has a password, registered clients, and helpers to add users, domains and enforcement.
 */
import { randomBytes } from 'node:crypto'
import * as client from 'openid-client'
import { hashPassword } from '../../../src/users/password.ts'
import type { RunningServer } from '../../../src/main.ts'
import { ManualClock } from '../../../src/platform/clock.ts'
import { newId } from '../../../src/platform/random.ts'
import { createStore } from '../../../src/storage/store.ts'
import type { Engine } from '../../../src/storage/database.ts'
import type { User } from '../../../src/users/user.ts'
import { startTestServer } from '../../helpers/config.ts'
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.ts'
import { buildUser } from '../../helpers/fixtures.ts'
import { Browser, reasonCode, type PageResponse } from '../../helpers/browser.ts'
import { after, before } from 'node:test'

export const PASSWORD = 'correct horse battery staple'
export const CALLBACK = 'http://127.0.0.1:9/callback'

export interface LoginFixture {
  readonly target: TestDatabase
  readonly server: RunningServer
  readonly url: string
  readonly clock: ManualClock
  readonly orgId: string
  readonly domain: string
  readonly owner: User
  readonly clientId: string
  readonly otherClientId: string
  addUser(overrides?: Partial<User> & { password?: string }): Promise<User>
  /** Marks `domain` verified for the organization, optionally enforced. */
  addDomain(name: string, options: { enforced: boolean; orgId?: string }): Promise<void>
  startAnother(): Promise<RunningServer>
  close(): Promise<void>
}

export async function setupLogin(
  engine: Engine,
  existing?: TestDatabase,
  config: Readonly<Record<string, string>> = {},
): Promise<LoginFixture> {
  const target = existing ?? (await createTestDatabase(engine))
  const clock = new ManualClock(Date.now())
  const start = (): Promise<RunningServer> => startTestServer(target.url, config, clock)
  const server = await start()
  const extra: RunningServer[] = []
  const store = createStore(server.app.database)
  const domain = `org-${randomBytes(4).toString('hex')}.test`
  const created = await server.app.services.orgs.createOrganization(
    { name: 'Acme', adminEmail: `owner@${domain}` },
    { type: 'operator', id: 'test' },
  )
  const token = decodeURIComponent(created.inviteUrl.split('/invite/')[1] ?? '')
  await server.app.services.invitations.accept(token, PASSWORD, PASSWORD, {
    ip: '127.0.0.1',
    userAgent: null,
  })
  const owner = await store.read.users.findById(created.organizationId, created.adminUserId)
  const { clientId } = await server.app.services.clients.createClient({
    name: 'Console',
    redirectUris: [CALLBACK],
    postLogoutRedirectUris: ['http://127.0.0.1:9/signed-out'],
    confidential: false,
  })
  const other = await server.app.services.clients.createClient({
    name: 'Other console',
    redirectUris: ['http://127.0.0.1:9/other-callback'],
    confidential: false,
  })
  return {
    target,
    server,
    // The public URL (the same address unless a test names the host, e.g. localhost for WebAuthn).
    url: server.app.config.publicUrl,
    clock,
    orgId: created.organizationId,
    domain,
    owner: owner as User,
    clientId,
    otherClientId: other.clientId,
    addUser: async (overrides = {}) => {
      const { password, ...fields } = overrides
      const user = buildUser(created.organizationId, {
        email: `user-${randomBytes(4).toString('hex')}@${domain}`,
        status: 'active',
        ...fields,
      })
      const finalUser = { ...user, emailCanonical: user.email.toLowerCase() }
      await store.read.users.insert(finalUser)
      if (password !== undefined) {
        await store.read.users.setPassword(
          finalUser.orgId,
          finalUser.id,
          await hashPassword(password),
          clock.now(),
        )
      }
      return finalUser
    },
    addDomain: async (name, { enforced, orgId }) => {
      await server.app.database.db
        .insertInto('domains')
        .values({
          id: newId(),
          org_id: orgId ?? created.organizationId,
          name,
          status: 'verified',
          verification_token: 'x',
          verified_at: clock.now(),
          last_checked_at: clock.now(),
          uncertain_since: null,
          sso_profile_id: null,
          enforced_at: enforced ? clock.now() : null,
          created_at: clock.now(),
          updated_at: clock.now(),
        })
        .execute()
    },
    startAnother: async () => {
      const another = await start()
      extra.push(another)
      return another
    },
    close: async () => {
      for (const s of extra) await s.shutdown()
      await server.shutdown()
      if (existing === undefined) await target.drop()
    },
  }
}

/** openid-client configuration for a public client of `fixture`, by discovery. */
export async function discover(
  fixture: LoginFixture,
  clientId = fixture.clientId,
): Promise<client.Configuration> {
  return client.discovery(new URL(fixture.url), clientId, undefined, client.None(), {
    execute: [client.allowInsecureRequests],
  })
}

export interface StartedLogin {
  readonly browser: Browser
  readonly verifier: string
  readonly state: string
  readonly nonce: string
  readonly emailPage: PageResponse
}

/** A console's authorization URL with a fresh PKCE verifier (S256) and state; `extra` adds or overrides parameters. */
export async function authorizationRequest(
  config: client.Configuration,
  extra: Record<string, string> = {},
): Promise<{ url: URL; verifier: string; state: string }> {
  const verifier = client.randomPKCECodeVerifier()
  const state = client.randomState()
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK,
    scope: 'openid email',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...extra,
  })
  return { url, verifier, state }
}

/** Starts an authorization request the way a console would, and lands on the email page. */
export async function startLogin(
  config: client.Configuration,
  browser = new Browser(),
  extra: Record<string, string> = {},
): Promise<StartedLogin> {
  const nonce = client.randomNonce()
  const { url, verifier, state } = await authorizationRequest(config, {
    scope: 'openid email profile',
    nonce,
    ...extra,
  })
  const emailPage = await browser.follow(url.href)
  return { browser, verifier, state, nonce, emailPage }
}

/** Email page → password page → the redirect back to the console (or the page that refused). */
export async function signIn(
  login: StartedLogin,
  email: string,
  password: string,
): Promise<PageResponse> {
  const passwordPage = await login.browser.submit(login.emailPage, '/login/email', { email })
  return login.browser.submit(passwordPage, '/login/password', { password })
}

export async function redeem(
  config: client.Configuration,
  login: StartedLogin,
  callbackUrl: string,
): Promise<client.TokenEndpointResponse & client.TokenEndpointResponseHelpers> {
  return client.authorizationCodeGrant(config, new URL(callbackUrl), {
    pkceCodeVerifier: login.verifier,
    expectedState: login.state,
    expectedNonce: login.nonce,
  })
}

export async function countSessions(fixture: LoginFixture): Promise<number> {
  const row = await fixture.server.app.database.db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** How many audit events of `type` (with `reasonCode`, when given) exist: assert the delta. */
export async function auditCount(
  fixture: LoginFixture,
  type: string,
  reasonCode?: string,
): Promise<number> {
  let query = fixture.server.app.database.db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('type', '=', type)
  if (reasonCode !== undefined) query = query.where('reason_code', '=', reasonCode)
  return Number((await query.executeTakeFirstOrThrow()).n)
}

/**
 * A login transaction at the password page of `email`, in `browser` (a new one unless given); `submit`
 * posts a password as if from client address `ip` (X-Forwarded-For: the fixture must trust 127.0.0.1).
 */
export async function passwordForm(
  config: client.Configuration,
  fixture: LoginFixture,
  email: string,
  ip: string,
  browser = new Browser(),
): Promise<{ browser: Browser; submit: (password: string) => Promise<PageResponse> }> {
  // prompt=login: a browser that is signed in is asked again, as for a new sign-in.
  const login = await startLogin(config, browser, { prompt: 'login' })
  const page = await browser.submit(login.emailPage, '/login/email', { email })
  if (page.status !== 200) throw new Error(`email step: ${page.status}`)
  const hidden = Object.fromEntries(
    [...page.body.matchAll(/name="(tx|csrf)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
  )
  return {
    browser,
    submit: (password) =>
      browser.request(`${fixture.url}/login/password`, {
        form: { ...hidden, password },
        headers: { 'x-forwarded-for': ip },
      }),
  }
}

export const WRONG_PASSWORD = 'not the password at all'

/** What a password POST came to: `signed-in`, or the reason code of the page that refused it. */
export function outcome(page: PageResponse): string | undefined {
  return page.status === 303 ? 'signed-in' : reasonCode(page.body)
}

/**
 * A login fixture behind a trusted proxy (client addresses from X-Forwarded-For), set up before the
 * enclosing `describe`'s tests and closed after them; `extra` adds settings.
 */
export function loginBehindProxy(
  engine: Engine,
  extra: Readonly<Record<string, string>> = {},
): { readonly f: LoginFixture; readonly config: client.Configuration } {
  const context = {} as { f: LoginFixture; config: client.Configuration }
  before(async () => {
    context.f = await setupLogin(engine, undefined, { TRUST_PROXY: '127.0.0.1', ...extra })
    context.config = await discover(context.f)
  })
  after(() => context.f?.close())
  return context
}
