/**
 * The whole journey of a new administrator in Chromium (issue 11), on both databases: accept the
 * invitation → sign in to the Admin Center → add and verify a domain (test DNS server) → create an SSO
 * profile → copy its values into SimpleSAMLphp → upload the IdP's metadata → test the connection and read
 * the result → enforce (acknowledging the lock-out warning) → invite a user → that user signs in to a
 * console through SSO.
 */
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import * as client from 'openid-client'
import type { Browser } from 'playwright-core'
import { DIALECTS } from '../../helpers/databases.ts'
import { TestDNSServer } from '../../helpers/dns-server.ts'
import { SimpleSAMLphp } from '../../helpers/simplesamlphp.ts'
import { authorizationRequest } from '../login/login.setup.ts'
import { PASSWORD, setupAdmin, type AdminFixture } from '../admin/admin.setup.ts'
import { OUTPUT, checkPage, startBrowser } from './admin-center.setup.ts'

const CALLBACK = 'http://127.0.0.1:4998/callback'
const DOMAIN = 'journey.test'
const ADA = { username: 'ada', password: 'ada-secret', email: `ada@${DOMAIN}` }
const OWNER = { username: 'owner', password: 'owner-secret', email: `owner@${DOMAIN}` }

for (const engine of DIALECTS) {
  describe(`${engine}: a new administrator's journey in the Admin Center`, () => {
    let f: AdminFixture
    let browser: Browser
    const dns = new TestDNSServer()
    const idp = new SimpleSAMLphp([ADA, OWNER])

    before(async () => {
      await idp.start()
      f = await setupAdmin(engine, { config: { DNS_SERVERS: await dns.start() } })
      browser = await startBrowser()
    })
    after(async () => {
      await browser?.close()
      await f?.close()
      await dns.stop()
      await idp.stop()
    })

    it('goes from the invitation to a user signing in through SSO', async () => {
      const { inviteUrl } = await f.server.app.services.orgs.createOrganization(
        { name: 'Journey Co', adminEmail: `owner@${DOMAIN}` },
        { type: 'operator', id: 'test' },
      )
      const context = await browser.newContext()
      const page = await context.newPage()
      const signedIn = { page, problems: [] as string[], close: () => context.close() }
      page.on('pageerror', (error) => signedIn.problems.push(error.message))

      // Accept the invitation.
      await page.goto(inviteUrl.replace(/^https?:\/\/[^/]+/, f.url))
      await page.getByLabel('New password').fill(PASSWORD)
      await page.getByLabel('Repeat the password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Activate account' }).click()
      // Activation signs the owner in and lands them in the Admin Center (issue 27).
      await page.getByRole('heading', { name: 'Single sign-on setup' }).waitFor()

      // Domain.
      await page.getByRole('link', { name: 'Domains' }).click()
      await page.getByLabel('Domain', { exact: true }).fill(DOMAIN)
      await page.getByRole('button', { name: 'Add domain' }).click()
      await page.getByLabel('Record value', { exact: true }).waitFor()
      dns.setTXT(await page.getByLabel('Record name', { exact: true }).inputValue(), [
        await page.getByLabel('Record value', { exact: true }).inputValue(),
      ])
      await page.getByRole('button', { name: 'Verify now' }).click()
      await page.locator('.status-verified').waitFor()

      // SSO profile: its values go to the IdP, the IdP's metadata comes back.
      await page.getByRole('link', { name: 'SSO profiles' }).click()
      await page.getByLabel('Name').fill('SimpleSAMLphp')
      await page.getByRole('button', { name: 'Create profile' }).click()
      const entityId = page.getByLabel('Identifier (Entity ID / Audience URI)', { exact: true })
      await entityId.waitFor()
      const acsUrl = await page
        .getByLabel('Reply URL (Assertion Consumer Service URL)', { exact: true })
        .inputValue()
      const spMetadata = await (
        await fetch(await page.getByLabel('SP metadata URL', { exact: true }).inputValue())
      ).text()
      idp.addServiceProvider(
        await entityId.inputValue(),
        acsUrl,
        /<ds:X509Certificate>([^<]+)</.exec(spMetadata)?.[1] ?? '',
      )
      const metadataFile = join(OUTPUT, `journey-idp-metadata-${engine}.xml`)
      writeFileSync(metadataFile, await (await fetch(idp.entityId)).text())
      await page.getByLabel('Metadata file (XML)').setInputFiles(metadataFile)
      await page.getByRole('button', { name: 'Upload' }).click()
      await page.getByText(idp.entityId, { exact: true }).waitFor()
      // The upload says it worked (issue 27).
      await page
        .getByRole('status')
        .filter({ hasText: /^Loaded .*signing certificate/ })
        .waitFor()
      await page.getByLabel(DOMAIN).check()
      await page.getByRole('button', { name: 'Save domains' }).click()
      await page.getByRole('button', { name: 'Test connection' }).waitFor()
      await checkPage(signedIn, 'profile with metadata')

      // Connection test through the real IdP, signing in as the administrator's own IdP account.
      await page.getByRole('button', { name: 'Test connection' }).click()
      await page.waitForSelector('input[name=username]')
      await page.fill('input[name=username]', OWNER.username)
      await page.fill('input[name=password]', OWNER.password)
      await page.keyboard.press('Enter')
      await page.getByRole('heading', { name: 'Connection test passed' }).waitFor()
      await page.screenshot({ path: join(OUTPUT, 'admin-test-result.png'), fullPage: true })
      await page.getByRole('link', { name: 'Back to the SSO profile in the Admin Center' }).click()
      await page.getByText(/^Passed on /).waitFor()

      // Enforce right there after the passed test, acknowledging that the owner too will need SSO.
      await page.getByText(`The test passed. Enforcing SSO for ${DOMAIN} moves`).waitFor()
      await checkPage(signedIn, 'profile with a passed test, enforce here')
      await page.getByLabel(/No owner or admin would keep a way/).check()
      await page.getByRole('button', { name: `Enforce SSO for ${DOMAIN}` }).click()
      await page.getByText(`SSO is enforced for ${DOMAIN}:`).waitFor()
      // The enforcement page says so too (issue 27).
      await page.getByRole('link', { name: 'Enforcement' }).click()
      await page.locator('.status', { hasText: 'enforced' }).waitFor()
      await page.getByRole('link', { name: 'Overview' }).click()
      await page.getByText('SSO is set up and enforced.').waitFor()
      await checkPage(signedIn, 'overview, all done')

      // Invite the user who will sign in; they accept (SPEC §3.10: the first login sets a password).
      await page.getByRole('link', { name: 'Users', exact: true }).click()
      await page.getByText('Invite a user').click()
      await page.getByLabel('Email address').fill(ADA.email)
      await page.getByRole('button', { name: 'Invite' }).click()
      const link = await page.getByLabel('Invitation link', { exact: true }).inputValue()
      await context.close()
      const adaContext = await browser.newContext()
      const invitation = await adaContext.newPage()
      await invitation.goto(link.replace(/^https?:\/\/[^/]+/, f.url))
      await invitation.getByLabel('New password').fill('ada has a long password')
      await invitation.getByLabel('Repeat the password').fill('ada has a long password')
      await invitation.getByRole('button', { name: 'Activate account' }).click()
      await invitation.getByRole('heading', { name: 'Your account is active' }).waitFor()
      await adaContext.close()

      // The user signs in to a console: the enforced domain sends them to the IdP.
      const { clientId } = await f.server.app.services.clients.createClient({
        name: 'Console',
        redirectUris: [CALLBACK],
        confidential: false,
      })
      const config = await client.discovery(new URL(f.url), clientId, undefined, client.None(), {
        execute: [client.allowInsecureRequests],
      })
      const userPage = await browser.newPage()
      let callback = ''
      await userPage.route(`${CALLBACK}**`, async (route) => {
        callback = route.request().url()
        await route.fulfill({ status: 200, contentType: 'text/plain', body: 'console' })
      })
      const { url, verifier, state } = await authorizationRequest(config, {
        redirect_uri: CALLBACK,
      })
      await userPage.goto(url.href)
      await userPage.getByLabel('Email address').fill(ADA.email)
      await userPage.getByRole('button', { name: 'Continue' }).click()
      await userPage.waitForSelector('input[name=username]')
      await userPage.fill('input[name=username]', ADA.username)
      await userPage.fill('input[name=password]', ADA.password)
      await userPage.keyboard.press('Enter')
      for (let i = 0; i < 150 && callback === ''; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      await userPage.close()
      const tokens = await client.authorizationCodeGrant(config, new URL(callback), {
        pkceCodeVerifier: verifier,
        expectedState: state,
      })
      assert.equal(tokens.claims()?.['email'], ADA.email)
      assert.deepEqual(tokens.claims()?.['amr'], ['saml'])
      assert.deepEqual(signedIn.problems, [])
    })
  })
}
