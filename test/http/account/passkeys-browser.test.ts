/**
 * Passkeys and authenticator apps in a real browser (issue 25): headless Chromium with a CDP virtual
 * authenticator (`WebAuthn.addVirtualAuthenticator`, user verification on) against a server whose
 * PUBLIC_URL is http://localhost (WebAuthn needs a host name). A passkey is added on the account page,
 * signs in alone (`amr` hwk user mfa, seen by openid-client), follows a password as the second step
 * (`amr` pwd hwk mfa), and once removed signs nobody in; an answer replayed, another user's passkey,
 * another relying party's and a deactivated user's are refused, changing nothing. And an organization
 * requiring a second factor: the app set up in the browser from the key on the page (codes by otpauth),
 * then a recovery code. No console error or CSP violation on the way.
 */
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import * as client from 'openid-client'
import { TOTP } from 'otpauth'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from '../../helpers/chromium.ts'
import {
  authorizationRequest,
  discover,
  PASSWORD,
  setupLogin,
  type LoginFixture,
} from '../login/login.setup.ts'
import type { User } from '../../../src/users/user.ts'
import { PasskeyService } from '../../../src/services/sign-in/passkey-service.ts'
import { createStore } from '../../../src/storage/store.ts'

interface Tab {
  readonly context: BrowserContext
  readonly page: Page
  readonly problems: string[]
}

describe('sqlite: passkeys and authenticator apps in Chromium', () => {
  let f: LoginFixture
  let browser: Browser
  let config: client.Configuration
  /** The console: a real callback page, on a port of its own. */
  let consoleServer: Server
  let callback: string
  before(async () => {
    f = await setupLogin('sqlite', undefined, { PUBLIC_URL: 'http://localhost:{port}' })
    consoleServer = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<p>console</p>')
    })
    await new Promise<void>((resolve) => consoleServer.listen(0, '127.0.0.1', resolve))
    callback = `http://127.0.0.1:${(consoleServer.address() as AddressInfo).port}/callback`
    const { clientId } = await f.server.app.services.clients.createClient({
      name: 'Console',
      redirectUris: [callback],
      confidential: false,
    })
    config = await discover(f, clientId)
    browser = await launchChromium()
  })
  after(async () => {
    await browser?.close()
    consoleServer?.close()
    await f?.close()
  })

  /** A browser with a virtual platform authenticator that verifies the user (a fingerprint, say). */
  const newTab = async (): Promise<Tab> => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('WebAuthn.enable')
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    })
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) {
        problems.push(message.text())
      }
    })
    return { context, page, problems }
  }

  /** A console's sign-in started in `tab`; `finish` waits for the callback and redeems the code. */
  const consoleSignIn = async (tab: Tab) => {
    const { url, verifier, state } = await authorizationRequest(config, { redirect_uri: callback })
    await tab.page.goto(url.href)
    return {
      finish: async () => {
        await tab.page.waitForURL(`${callback}**`)
        const tokens = await client.authorizationCodeGrant(config, new URL(tab.page.url()), {
          pkceCodeVerifier: verifier,
          expectedState: state,
        })
        return tokens.claims()
      },
    }
  }

  const password = async (tab: Tab, user: User) => {
    await tab.page.getByLabel('Email address').fill(user.email)
    await tab.page.getByRole('button', { name: 'Continue' }).click()
    await tab.page.getByLabel('Password').fill(PASSWORD)
    await tab.page.getByRole('button', { name: 'Sign in' }).click()
  }

  /** Signs `user` in with the password and opens the account page. */
  const toAccount = async (tab: Tab, user: User) => {
    const flow = await consoleSignIn(tab)
    await password(tab, user)
    await flow.finish()
    await tab.page.goto(`${f.url}/account`)
    await tab.page.getByRole('heading', { name: 'Your account' }).waitFor()
  }

  const addPasskey = async (tab: Tab, name: string) => {
    await tab.page.getByLabel('Name of a new passkey (optional)').fill(name)
    await tab.page.getByRole('button', { name: 'Add a passkey or security key' }).click()
  }

  const passkeysOf = async (user: User) =>
    (await f.server.app.services.factors.list(user.orgId, user.id)).filter(
      (factor) => factor.kind === 'passkey',
    )

  it('adds a passkey on the account page, signs in with it alone and after a password, removes it', async () => {
    const user = await f.addUser({ password: PASSWORD })
    const tab = await newTab()
    try {
      await toAccount(tab, user)
      await addPasskey(tab, 'Laptop')
      // The first factor comes with recovery codes, shown once.
      await tab.page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor()
      const [passkey] = await passkeysOf(user)
      assert.equal(passkey?.name, 'Laptop')

      // Signed out: the passkey alone signs in, from the email page, and says how.
      await tab.context.clearCookies()
      const alone = await consoleSignIn(tab)
      await tab.page.getByRole('button', { name: 'Sign in with a passkey' }).click()
      const claims = await alone.finish()
      assert.equal(claims?.sub, user.id)
      assert.deepEqual(claims?.['amr'], ['hwk', 'user', 'mfa'])

      // With a password, the passkey is the second step.
      await tab.context.clearCookies()
      const both = await consoleSignIn(tab)
      await password(tab, user)
      await tab.page.getByRole('button', { name: 'Use a passkey or security key' }).click()
      assert.deepEqual((await both.finish())?.['amr'], ['pwd', 'hwk', 'mfa'])

      // Removed on the account page (a fresh sign-in), it signs nobody in.
      await tab.page.goto(`${f.url}/account`)
      await tab.page.getByRole('button', { name: 'Remove Laptop' }).click()
      await tab.page.getByText('The sign-in method was removed.').waitFor()
      assert.deepEqual(await passkeysOf(user), [])
      await tab.context.clearCookies()
      await consoleSignIn(tab)
      await tab.page.getByRole('button', { name: 'Sign in with a passkey' }).click()
      await tab.page.getByRole('alert').waitFor()
      assert.match(await tab.page.getByRole('alert').innerText(), /login\.passkey_failed/)
      assert.deepEqual(tab.problems, [])
    } finally {
      await tab.context.close()
    }
  })

  it('refuses a replayed answer, another user’s passkey, another relying party and a deactivated user', async () => {
    const user = await f.addUser({ password: PASSWORD })
    const other = await f.addUser({ password: PASSWORD })
    const tab = await newTab()
    try {
      await toAccount(tab, user)
      await addPasskey(tab, 'Key')
      await tab.page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor()
      const [passkey] = await passkeysOf(user)

      // Capture a passkey sign-in's form as the browser sends it, and let it through.
      await tab.context.clearCookies()
      let sent: { url: string; body: string; cookie: string } | undefined
      await tab.page.route(`${f.url}/login/passkey`, async (route) => {
        const request = route.request()
        sent = {
          url: request.url(),
          body: request.postData() ?? '',
          cookie: (await request.allHeaders())['cookie'] ?? '',
        }
        await route.continue()
      })
      const flow = await consoleSignIn(tab)
      await tab.page.getByRole('button', { name: 'Sign in with a passkey' }).click()
      await flow.finish()
      assert.ok(sent)
      const count = (await passkeysOf(user))[0]?.signCount

      // The same answer again, in the same browser's transaction: its challenge is spent.
      const replay = await fetch(sent.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: sent.cookie },
        body: sent.body,
        redirect: 'manual',
      })
      assert.notEqual(replay.status, 303, 'a replayed answer signs nobody in')

      const store = createStore(f.server.app.database)
      const credential = new URLSearchParams(sent.body).get('credential') ?? ''
      const challenge = JSON.parse(
        Buffer.from(JSON.parse(credential).response.clientDataJSON, 'base64url').toString(),
      ).challenge as string
      const again = async (service: PasskeyService, as?: User) => {
        // The challenge made live again, as if freshly issued for this transaction.
        await store.read.webauthnChallenges.insert({
          challenge,
          purpose: as === undefined ? 'sign_in' : 'second_factor',
          orgId: as?.orgId ?? null,
          userId: as?.id ?? null,
          loginTransactionId: 'tx-test',
          createdAt: f.clock.now(),
          expiresAt: f.clock.now() + 60_000,
        })
        return service.verifyAssertion(
          as === undefined ? 'sign_in' : 'second_factor',
          'tx-test',
          credential,
          as,
        )
      }
      const ours = new PasskeyService({
        store,
        clock: f.clock,
        publicUrl: f.url,
        rpName: 'Portcullis',
      })
      const theirs = new PasskeyService({
        store,
        clock: f.clock,
        publicUrl: 'https://login.other.example',
        rpName: 'Other',
      })
      await assert.rejects(again(theirs), { code: 'login.passkey_failed' }, 'another RP ID')
      await assert.rejects(again(ours, other), { code: 'login.passkey_failed' }, 'another user')
      assert.equal((await passkeysOf(user))[0]?.signCount, count, 'nothing changed')
      assert.equal(passkey?.id, (await passkeysOf(user))[0]?.id)

      // A deactivated user's passkey: refused with the stable code, no session.
      await f.server.app.services.users.deactivateUser(user.orgId, user.id, {
        type: 'operator',
        id: 'test',
      })
      await tab.context.clearCookies()
      await consoleSignIn(tab)
      await tab.page.getByRole('button', { name: 'Sign in with a passkey' }).click()
      await tab.page.getByRole('alert').waitFor()
      assert.match(await tab.page.getByRole('alert').innerText(), /login\.account_deactivated/)
    } finally {
      await tab.context.close()
    }
  })

  it('makes a user of an organization that requires it set up an app, then accepts a recovery code', async () => {
    const actor = { type: 'operator', id: 'test' } as const
    await f.server.app.services.settings.update(f.orgId, { passwordUserMfa: 'required' }, actor)
    const tab = await newTab()
    try {
      const user = await f.addUser({ password: PASSWORD })
      const flow = await consoleSignIn(tab)
      await password(tab, user)
      await tab.page.getByRole('heading', { name: 'Set up two-step sign-in' }).waitFor()
      const key = (await tab.page.locator('#totp-key').textContent()) ?? ''
      const app = new TOTP({ secret: key.replaceAll(' ', '') })
      await tab.page
        .getByLabel('Code from the app')
        .fill(app.generate({ timestamp: f.clock.now() }))
      await tab.page.getByRole('button', { name: 'Confirm' }).click()
      const codes = await tab.page.locator('.recovery-codes code').allTextContents()
      assert.equal(codes.length, 10)
      await tab.page.getByRole('button', { name: /I have saved them/ }).click()
      assert.deepEqual((await flow.finish())?.['amr'], ['pwd', 'otp', 'mfa'])

      await tab.context.clearCookies()
      const next = await consoleSignIn(tab)
      await password(tab, user)
      await tab.page.getByText('Use a recovery code instead').click()
      await tab.page.getByLabel('Recovery code').fill(codes[3] ?? '')
      await tab.page.getByRole('button', { name: 'Sign in with the recovery code' }).click()
      assert.deepEqual((await next.finish())?.['amr'], ['pwd', 'otp', 'mfa'])
      assert.deepEqual(tab.problems, [])
    } finally {
      await tab.context.close()
      await f.server.app.services.settings.update(f.orgId, { passwordUserMfa: null }, actor)
    }
  })
})
