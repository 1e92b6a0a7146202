/**
 * Fixtures for the Admin Center browser tests: the Admin API fixture (a real server, two organizations)
 * plus headless Chromium, a signed-in page, and checks every page must pass (no console errors or CSP
 * violations, no serious or critical axe violation, no horizontal overflow).
 */
import { assertNoSeriousAxeViolations } from '../../helpers/axe.ts'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../../helpers/chromium.ts'
import { ROOT } from '../../helpers/processes.ts'
import { PASSWORD } from '../admin/admin.setup.ts'

export const OUTPUT = join(ROOT, 'test-output')

export interface SignedInPage {
  readonly page: Page
  /** Console errors and CSP violations seen so far. */
  readonly problems: string[]
  close(): Promise<void>
}

export async function startBrowser(): Promise<Browser> {
  mkdirSync(OUTPUT, { recursive: true })
  return launchChromium()
}

/** A new browser context, signed in through the real login pages from `/admin`. */
export async function signInToAdminCenter(
  browser: Browser,
  url: string,
  email: string,
  options: { width?: number } = {},
): Promise<SignedInPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
  })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) {
      problems.push(message.text())
    }
  })
  page.on('pageerror', (error) => problems.push(error.message))
  await page.goto(`${url}/admin`)
  await page.getByLabel('Email address').fill(email)
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.waitForURL(`${url}/admin**`)
  return { page, problems, close: () => context.close() }
}

/** What every Admin Center page must pass. */
export async function checkPage(signedIn: SignedInPage, name: string): Promise<void> {
  const { page } = signedIn
  await assertNoSeriousAxeViolations(page, name)
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  )
  assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow}px`)
  assert.deepEqual(signedIn.problems, [], `console errors on ${name}`)
}
