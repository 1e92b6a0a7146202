/**
 * SAML in a real browser (Debian chromium + playwright-core) against SimpleSAMLphp: the hand-over from the
 * login pages to the IdP must survive the pages' CSP (form-action), the IdP's auto-posting form must reach
 * the ACS with the binding cookie, and the connection test page must render. Screenshots in test-output/.
 */
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import * as client from 'openid-client'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../../helpers/chromium.ts'
import { ROOT } from '../../helpers/processes.ts'
import { SimpleSAMLphp } from '../../helpers/simplesamlphp.ts'
import { authorizationRequest } from '../login/login.setup.ts'
import { setupSAML, type SAMLFixture } from './saml.setup.ts'

// Not a port browsers refuse (port 9 is on Chromium's unsafe list); never listened on: intercepted.
const CALLBACK = 'http://127.0.0.1:4999/callback'
const ADA = { username: 'ada', password: 'ada-secret', email: 'ada@orga.test' }
const OUTPUT = join(ROOT, 'test-output')

describe('sqlite: SAML login in headless Chromium with SimpleSAMLphp', () => {
  let f: SAMLFixture
  let browser: Browser
  const idp = new SimpleSAMLphp([ADA])
  before(async () => {
    await idp.start()
    f = await setupSAML('sqlite')
    const metadata = await (await fetch(`${idp.baseUrl}/saml2/idp/metadata.php`)).text()
    await f.admin.api(
      f.admin.a.token,
      'PUT',
      `/api/v1/orgs/${f.admin.a.orgId}/sso-profiles/${f.profileId}/idp-metadata`,
      metadata,
      {
        'content-type': 'application/samlmetadata+xml',
      },
    )
    const sp = await (await fetch(`${f.url}/saml/${f.profileId}/metadata`)).text()
    idp.addServiceProvider(
      f.spEntityId,
      f.acsUrl,
      /<ds:X509Certificate>([^<]+)</.exec(sp)?.[1] ?? '',
    )
    browser = await launchChromium()
    mkdirSync(OUTPUT, { recursive: true })
  })
  after(async () => {
    await browser?.close()
    await f?.close()
    await idp.stop()
  })

  const profilePath = () => `/api/v1/orgs/${f.admin.a.orgId}/sso-profiles/${f.profileId}`

  /** A console's sign-in through SimpleSAMLphp in a new page: the page, and the tokens for the code. */
  async function consoleSignIn(name: string, screenshot?: string) {
    const { clientId } = await f.admin.server.app.services.clients.createClient({
      name,
      redirectUris: [CALLBACK],
      confidential: false,
    })
    const config = await client.discovery(new URL(f.url), clientId, undefined, client.None(), {
      execute: [client.allowInsecureRequests],
    })
    const page = await browser.newPage()
    let callback = ''
    // Resolved by the console's route when the browser comes back: waited for without polling.
    let cameBack: () => void = () => {}
    const backAtConsole = new Promise<void>((resolve) => (cameBack = resolve))
    await page.route(`${CALLBACK}**`, async (route) => {
      callback = route.request().url()
      cameBack()
      await route.fulfill({ status: 200, contentType: 'text/plain', body: 'console callback' })
    })
    const { url, verifier, state } = await authorizationRequest(config, { redirect_uri: CALLBACK })
    await page.goto(url.href)
    await page.getByLabel('Email address').fill(ADA.email)
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('button', { name: 'Sign in with single sign-on' }).click()
    await page.waitForSelector('input[name=username]')
    if (screenshot !== undefined) await page.screenshot({ path: join(OUTPUT, screenshot) })
    await page.fill('input[name=username]', ADA.username)
    await page.fill('input[name=password]', ADA.password)
    await page.keyboard.press('Enter')
    await backAtConsole
    assert.ok(callback.startsWith(CALLBACK), 'the browser never came back to the console')
    // The route handler sees the request before the navigation ends: let it end before the next one.
    await page.waitForURL(`${CALLBACK}**`)
    const tokens = await client.authorizationCodeGrant(config, new URL(callback), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    })
    return { page, tokens }
  }

  /** A connection test started with an API token, run in `page` up to its passed result. */
  async function connectionTest(page: Page, screenshot: string): Promise<void> {
    const started = await f.admin.api(f.admin.a.token, 'POST', `${profilePath()}/test`)
    await page.goto(started.json['testUrl'] as string)
    // Started with an API token: the page names where the test leads before going there.
    await page.getByRole('button', { name: /^Continue to / }).click()
    // ForceAuthn: the IdP asks again.
    await page.waitForSelector('input[name=username]')
    await page.fill('input[name=username]', ADA.username)
    await page.fill('input[name=password]', ADA.password)
    await page.keyboard.press('Enter')
    await page.waitForSelector('text=Connection test passed')
    await page.screenshot({ path: join(OUTPUT, screenshot), fullPage: true })
  }

  it('signs in through the IdP and returns a code with amr saml; the connection test page renders', async () => {
    const { page, tokens } = await consoleSignIn('Browser console', 'saml-idp-login.png')
    assert.deepEqual(tokens.claims()?.['amr'], ['saml'])
    await connectionTest(page, 'saml-connection-test.png')
    await page.waitForSelector('text=Not encrypted')
    await page.close()
  })

  it('signs in with assertions SimpleSAMLphp encrypts to the certificate of our metadata (issue 28)', async () => {
    // Required: a sign-in that works now can only have come encrypted.
    const changed = await f.admin.api(f.admin.a.token, 'PATCH', profilePath(), {
      assertionEncryption: 'required',
    })
    assert.equal(changed.status, 200, JSON.stringify(changed.json))
    const sp = await (await fetch(`${f.url}/saml/${f.profileId}/metadata`)).text()
    const certificate = (use: string) =>
      new RegExp(
        `<md:KeyDescriptor use="${use}"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>([^<]+)<`,
      ).exec(sp)?.[1] ?? ''
    assert.notEqual(certificate('encryption'), '')
    idp.addServiceProvider(
      f.spEntityId,
      f.acsUrl,
      certificate('signing'),
      certificate('encryption'),
    )

    const { page, tokens } = await consoleSignIn('Encrypted console')
    assert.equal(tokens.claims()?.sub, f.userId)
    await connectionTest(page, 'saml-connection-test-encrypted.png')
    // SimpleSAMLphp 1.19 encrypts with AES-128-CBC (inside its signed response) and RSA-OAEP-MGF1P.
    await page.waitForSelector('text=Encrypted: aes128-cbc, key transport rsa-oaep-mgf1p')
    const result = (await f.admin.api(f.admin.a.token, 'GET', profilePath())).json['lastTest'] as {
      result: { encryption: { encrypted: boolean } }
    }
    assert.equal(result.result.encryption.encrypted, true)
    await page.close()
  })
})
