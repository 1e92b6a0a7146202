/**
 * Forgotten password in headless Chromium (issue 10): from the password page to the mail's link to
 * signing in with the new password, with JavaScript off, no console errors and no CSP violations.
 */
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'playwright-core'
import { launchChromium } from '../../helpers/chromium.ts'
import { ROOT } from '../../helpers/processes.ts'
import { TestSMTPServer } from '../../helpers/smtp.ts'
import {
  authorizationRequest,
  CALLBACK,
  discover,
  PASSWORD,
  setupLogin,
  type LoginFixture,
} from './login.setup.ts'

const OUTPUT = join(ROOT, 'test-output')
const NEW_PASSWORD = 'another long passphrase'

describe('sqlite: forgotten password in headless Chromium', () => {
  let f: LoginFixture
  let browser: Browser
  const smtp = new TestSMTPServer()
  before(async () => {
    f = await setupLogin('sqlite', undefined, {
      SMTP_URL: await smtp.start(),
      MAIL_FROM: 'login@example.test',
      JOB_POLL_SECONDS: '0',
    })
    browser = await launchChromium()
    mkdirSync(OUTPUT, { recursive: true })
  })
  after(async () => {
    await browser?.close()
    await f?.close()
    await smtp.stop()
  })

  it('asks for a link from the password page, sets a new password, and signs in with it', async () => {
    const user = await f.addUser({ password: PASSWORD })
    const config = await discover(f)
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) {
        problems.push(message.text())
      }
    })
    await page.route(`${CALLBACK}**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<p>console callback</p>' }),
    )
    const start = async () => {
      const { url } = await authorizationRequest(config)
      await page.goto(url.href)
      await page.getByLabel('Email address').fill(user.email)
      await page.getByRole('button', { name: 'Continue' }).click()
    }
    await start()
    await page.getByRole('link', { name: 'Forgot your password?' }).click()
    assert.equal(await page.getByLabel('Email address').inputValue(), user.email)
    await page.screenshot({ path: join(OUTPUT, 'forgot-password.png') })
    await page.getByRole('button', { name: 'Send the link' }).click()
    await page.getByRole('heading', { name: 'Check your mail' }).waitFor()
    await f.server.app.services.outbox.drain()
    const mail = smtp.received.find((m) => m.to.includes(user.email))
    const link = /(http:\/\/127\.0\.0\.1:\d+\/reset\/rst_[\w-]+)/.exec(
      mail?.body.replace(/=\r?\n/g, '') ?? '',
    )?.[1]
    assert.ok(link !== undefined, 'the mail has the link')
    await page.goto(link)
    await page.getByLabel('New password').fill(NEW_PASSWORD)
    await page.getByLabel('Repeat the password').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Set password' }).click()
    await page.getByRole('heading', { name: 'Your password is changed' }).waitFor()
    // Signed in by the reset (issue 27): the account page opens without signing in again.
    await page.getByText('is signed in here with the new password').waitFor()
    await page.getByRole('link', { name: /^Your account/ }).click()
    await page.getByRole('heading', { name: 'Your account' }).waitFor()
    // And the new password signs in a browser without that session.
    await context.clearCookies()
    await start()
    await page.getByLabel('Password').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${CALLBACK}**`)
    await context.close()
    assert.deepEqual(problems, [])
  })
})
