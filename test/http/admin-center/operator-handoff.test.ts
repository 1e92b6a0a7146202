/**
 * The operator's console handing a customer's admin to the Admin Center (issue 23), in headless Chromium
 * across two origins: a page of the console (its own origin) links to a setup link; the admin signs in
 * through the real login pages, lands on the page the link names, and "Back to the console" leads to the
 * console again. Then the plan: pages of features left out are hidden from the navigation and say so
 * when opened (axe and CSP checks on that page too).
 */
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'playwright-core'
import { PASSWORD } from '../admin/admin.setup.ts'
import { setupOperator, type OperatorFixture } from '../operator/operator.setup.ts'
import { OUTPUT, checkPage, signInToAdminCenter, startBrowser } from './admin-center.setup.ts'

describe('sqlite: from the console to the Admin Center, in Chromium', () => {
  let f: OperatorFixture
  let browser: Browser
  let console_: Server
  let consoleUrl: string
  let setupUrl = ''

  before(async () => {
    f = await setupOperator('sqlite')
    // The console: another origin (localhost, where Portcullis answers on 127.0.0.1).
    console_ = createServer((request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8')
      response.end(
        request.url === '/settings'
          ? `<!doctype html><title>Console</title><h1>Console settings</h1><a href="${setupUrl}">Set up single sign-on</a>`
          : '<!doctype html><title>Console</title><h1>Console home</h1>',
      )
    })
    await new Promise<void>((resolve) => console_.listen(0, '127.0.0.1', resolve))
    consoleUrl = `http://localhost:${(console_.address() as AddressInfo).port}`
    const client = await f.op('POST', '/clients', {
      name: 'Console',
      type: 'public',
      redirectUris: [`${consoleUrl}/callback`],
      initiateLoginUri: `${consoleUrl}/settings`,
    })
    assert.equal(client.status, 201, JSON.stringify(client.json))
    browser = await startBrowser()
  })
  after(async () => {
    await browser?.close()
    await new Promise((resolve) => console_?.close(resolve))
    await f?.close()
  })

  it('follows a setup link from the console through sign-in to the page, and back', async () => {
    const link = await f.op('POST', `/orgs/${f.a.orgId}/setup-links`, {
      intent: 'sso',
      returnUrl: `${consoleUrl}/settings`,
    })
    assert.equal(link.status, 201)
    setupUrl = link.json['url'] as string
    const context = await browser.newContext()
    const page = await context.newPage()
    try {
      await page.goto(`${consoleUrl}/settings`)
      await page.getByRole('link', { name: 'Set up single sign-on' }).click()
      await page.getByLabel('Email address').fill(f.a.ownerEmail)
      await page.getByRole('button', { name: 'Continue' }).click()
      await page.getByLabel('Password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL(`${f.url}/admin/sso`)
      await page.getByRole('heading', { name: 'SSO profiles' }).waitFor()
      const back = page.getByRole('link', { name: 'Back to the console' })
      assert.equal(await back.getAttribute('href'), `${consoleUrl}/settings`)
      await back.click()
      await page.getByRole('heading', { name: 'Console settings' }).waitFor()
      // The link was used: opening it again says so.
      await page.goto(setupUrl)
      await page.getByText('login.setup_link_invalid').waitFor()
    } finally {
      await context.close()
    }
  })

  it('hides what the plan leaves out, and says so on the page', async () => {
    const patched = await f.op('PATCH', `/orgs/${f.a.orgId}`, { features: [] })
    assert.equal(patched.status, 200)
    const signedIn = await signInToAdminCenter(browser, f.url, f.a.ownerEmail)
    const { page } = signedIn
    try {
      await page.getByRole('heading', { name: 'Domain setup' }).waitFor()
      const nav = page.getByRole('navigation', { name: 'Admin Center' })
      await nav.getByRole('link', { name: 'Users' }).waitFor()
      for (const hidden of ['SSO profiles', 'Enforcement', 'Import users']) {
        assert.equal(await nav.getByRole('link', { name: hidden }).count(), 0, hidden)
      }
      await page.goto(`${f.url}/admin/sso`)
      await page.getByRole('heading', { name: 'Not in your plan' }).waitFor()
      await checkPage(signedIn, 'not in plan')
      await page.screenshot({ path: join(OUTPUT, 'admin-not-in-plan.png') })
      await page.goto(`${f.url}/admin/tokens`)
      await page.getByText('SCIM provisioning is not in your plan').waitFor()
      await page.getByRole('heading', { name: 'Admin API tokens' }).waitFor()
      await checkPage(signedIn, 'tokens without scim')
    } finally {
      await signedIn.close()
      await f.op('PATCH', `/orgs/${f.a.orgId}`, { features: ['sso', 'scim', 'import'] })
    }
  })
})
