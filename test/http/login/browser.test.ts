/**
 * A real browser through the login pages: headless Chromium (Debian's package, driven by playwright-core)
 * signs in with email and password and lands on the console's callback with a code. The screenshots go to
 * test-output/ for a person to look at.
 */
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import * as client from 'openid-client'
import type { Browser } from 'playwright-core'
import { launchChromium } from '../../helpers/chromium.ts'
import { ROOT } from '../../helpers/processes.ts'
import {
  authorizationRequest,
  CALLBACK,
  discover,
  PASSWORD,
  setupLogin,
  type LoginFixture,
} from './login.setup.ts'

const OUTPUT = join(ROOT, 'test-output')

describe('sqlite: login in headless Chromium', () => {
  let f: LoginFixture
  let browser: Browser
  before(async () => {
    f = await setupLogin('sqlite')
    browser = await launchChromium()
    mkdirSync(OUTPUT, { recursive: true })
  })
  after(async () => {
    await browser?.close()
    await f?.close()
  })

  it('signs in through the pages without console errors or CSP violations, and returns a code', async () => {
    const config = await discover(f)
    const { url, verifier, state } = await authorizationRequest(config)
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('console', (message) => {
      // Document responses with 4xx statuses are logged too; those are intended (e.g. 401 on a bad password).
      if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) {
        problems.push(message.text())
      }
    })
    let callback: string | undefined
    // The console's callback is not running in this test: catch the navigation to it instead.
    await page.route(`${CALLBACK}**`, async (route) => {
      callback = route.request().url()
      await route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<p>console callback</p>',
      })
    })

    await page.goto(url.href)
    await page.getByLabel('Email address').fill(f.owner.email)
    await page.screenshot({ path: join(OUTPUT, 'login-email.png') })
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByLabel('Password').fill('not the password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').waitFor()
    assert.match(await page.getByRole('alert').innerText(), /login\.invalid_credentials/)
    await page.screenshot({ path: join(OUTPUT, 'login-error.png') })
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${CALLBACK}**`)
    await context.close()

    assert.ok(callback, 'the browser never reached the callback')
    const tokens = await client.authorizationCodeGrant(config, new URL(callback), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    })
    assert.equal(tokens.claims()?.sub, f.owner.id)
    assert.deepEqual(problems, [])
  })
})
