/**
 * The whole journey of a new administrator in Chromium (issues 11 and 27), on both databases, through the
 * guided set-up: accept the invitation (which signs in) → add and verify the offered domain (test DNS
 * server) → choose the IdP (the profile is created) → copy its values into SimpleSAMLphp → choose the
 * IdP's metadata file → test the connection → continue from the result → enforce (acknowledging the
 * lock-out warning), counted: at most 15 actions. Then invite a user, who signs in to a console through SSO.
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

    it('goes from the invitation to enforced SSO in at most 15 actions, then a user signs in through SSO', async () => {
      const { inviteUrl } = await f.server.app.services.orgs.createOrganization(
        { name: 'Journey Co', adminEmail: `owner@${DOMAIN}` },
        { type: 'operator', id: 'test' },
      )
      const context = await browser.newContext()
      const page = await context.newPage()
      const signedIn = { page, problems: [] as string[], close: () => context.close() }
      page.on('pageerror', (error) => signedIn.problems.push(error.message))
      // Every click, fill, key press, file choice and link followed by the admin counts (issue 27: at
      // most 15 from the invitation link to enforced SSO, the three at the IdP's login form included).
      // Reading a value to paste into the IdP or the DNS is the admin's work outside this product.
      const actions: string[] = []
      const act = <T>(what: string, action: Promise<T>): Promise<T> => {
        actions.push(what)
        return action
      }

      // Accept the invitation: activation signs the owner in and lands them on the set-up (issue 27).
      await act('open the invitation', page.goto(inviteUrl.replace(/^https?:\/\/[^/]+/, f.url)))
      await act('password', page.getByLabel('New password').fill(PASSWORD))
      await act('password again', page.getByLabel('Repeat the password').fill(PASSWORD))
      await act('activate', page.getByRole('button', { name: 'Activate account' }).click())
      await page.getByRole('heading', { name: 'Single sign-on setup' }).waitFor()
      await page.getByText('Next: Verify your email domain.').waitFor()
      await checkPage(signedIn, 'set-up, first step')
      await page.screenshot({ path: join(OUTPUT, 'admin-setup-start.png') })

      // Domain: the admin's own email domain is offered.
      assert.equal(await page.getByLabel('Your email domain').inputValue(), DOMAIN)
      await act('add the domain', page.getByRole('button', { name: 'Add domain' }).click())
      await page.getByLabel('Record value', { exact: true }).waitFor()
      dns.setTXT(await page.getByLabel('Record name', { exact: true }).inputValue(), [
        await page.getByLabel('Record value', { exact: true }).inputValue(),
      ])
      await act('verify', page.getByRole('button', { name: 'Verify now' }).click())
      await page.getByText(`${DOMAIN} is verified.`, { exact: true }).waitFor()
      await page.getByText('Next: Choose your identity provider.').waitFor()
      await checkPage(signedIn, 'set-up, identity provider choice')

      // The IdP: choosing it creates the profile (named after it, serving the domain) and shows its guide.
      await act(
        'choose the IdP',
        page.getByRole('button', { name: 'Another SAML 2.0 identity provider' }).click(),
      )
      const entityId = page.getByLabel('Identifier (Entity ID / Audience URI)', { exact: true })
      await entityId.waitFor()
      await page.getByRole('heading', { name: 'In your identity provider' }).waitFor()
      await checkPage(signedIn, 'set-up, guide and metadata')
      await page.screenshot({ path: join(OUTPUT, 'admin-setup-guide.png') })
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
      // Choosing the file loads it; the only verified domain is served already.
      await act(
        'choose the metadata file',
        page.getByLabel('Metadata file (XML)').setInputFiles(metadataFile),
      )
      await page
        .getByText(`Its metadata is loaded (${idp.entityId}) and it serves ${DOMAIN}.`, {
          exact: true,
        })
        .waitFor()
      await page.getByText('Next: Test the connection.').waitFor()

      // Connection test through the real IdP, signing in as the administrator's own IdP account.
      await act('test', page.getByRole('button', { name: 'Test connection' }).click())
      await page.waitForSelector('input[name=username]')
      await act('IdP username', page.fill('input[name=username]', OWNER.username))
      await act('IdP password', page.fill('input[name=password]', OWNER.password))
      await act('IdP sign-in', page.keyboard.press('Enter'))
      await page.getByRole('heading', { name: 'Connection test passed' }).waitFor()
      await page.screenshot({ path: join(OUTPUT, 'admin-test-result.png'), fullPage: true })
      await act('continue', page.getByRole('link', { name: 'Continue setting up SSO' }).click())

      // Enforce right there, acknowledging that the owner too will need SSO.
      await page.getByText(`The test passed. Enforcing SSO for ${DOMAIN} moves`).waitFor()
      await checkPage(signedIn, 'set-up, enforce')
      await act('acknowledge', page.getByLabel(/No owner or admin would keep a way/).check())
      await act('enforce', page.getByRole('button', { name: `Enforce SSO for ${DOMAIN}` }).click())
      await page.getByText('SSO is set up and enforced.').waitFor()
      await page.getByText(`SSO is enforced for ${DOMAIN}.`, { exact: true }).waitFor()
      assert.ok(actions.length <= 15, `${actions.length} actions: ${actions.join(', ')}`)
      await checkPage(signedIn, 'set-up, all done')
      await page.screenshot({ path: join(OUTPUT, 'admin-setup-done.png') })

      // The enforcement page says so too, and saving there says what it did (lifting, then enforcing).
      await page.getByRole('link', { name: 'Enforcement' }).click()
      await page.locator('.status', { hasText: 'enforced' }).waitFor()
      const domain = page.getByRole('checkbox', { name: new RegExp(`^${DOMAIN}`) })
      await domain.uncheck()
      await page.getByRole('button', { name: 'Save', exact: true }).click()
      await page
        .getByText('Saved. SSO is not enforced for any domain: everyone may use a password.')
        .waitFor()
      await domain.check()
      await page.getByRole('button', { name: 'Preview' }).click()
      await page.getByLabel(/No owner or admin would keep a way/).check()
      await page.getByRole('button', { name: 'Save', exact: true }).click()
      await page
        .getByText(new RegExp(`^Saved\\. SSO is enforced for ${DOMAIN}: \\d+ users? now`))
        .waitFor()
      await page.getByRole('link', { name: 'Overview' }).click()
      await page.getByText('SSO is set up and enforced.').waitFor()

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
      // Resolved by the console's route when the browser comes back: waited for without polling.
      let cameBack: () => void = () => {}
      const backAtConsole = new Promise<void>((resolve) => (cameBack = resolve))
      await userPage.route(`${CALLBACK}**`, async (route) => {
        callback = route.request().url()
        cameBack()
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
      await backAtConsole
      await userPage.waitForURL(`${CALLBACK}**`)
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
