/**
 * Signing in again before a sensitive change, in Chromium (issue 21): an owner whose sign-in is older
 * than five minutes tries to make a token, is told to sign in again with a link, signs in again through
 * the login pages and lands back on the same page, where the change now goes through.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'playwright-core'
import { ManualClock } from '../../../src/platform/clock.ts'
import { PASSWORD, setupAdmin, type AdminFixture } from '../admin/admin.setup.ts'
import { checkPage, signInToAdminCenter, startBrowser } from './admin-center.setup.ts'

describe('sqlite: signing in again in the Admin Center', () => {
  let f: AdminFixture
  let browser: Browser
  const clock = new ManualClock(Date.now())
  before(async () => {
    f = await setupAdmin('sqlite', { clock })
    browser = await startBrowser()
  })
  after(async () => {
    await browser?.close()
    await f?.close()
  })

  it('asks for a new sign-in before making a token, and comes back to make it', async () => {
    const owner = await signInToAdminCenter(browser, f.url, f.a.ownerEmail)
    try {
      const { page } = owner
      clock.advance(6 * 60_000)
      await page.getByRole('link', { name: 'SCIM and API tokens' }).click()
      const section = page.getByRole('region', { name: 'Admin API tokens' })
      await section.getByLabel('Token name', { exact: true }).fill('terraform')
      await section.getByRole('button', { name: 'Create token' }).click()
      await section.getByText('Code: auth.reauthentication_required').waitFor()
      await checkPage(owner, 'tokens, sign in again')
      await section.getByRole('link', { name: 'Sign in again' }).click()
      await page.getByLabel('Email address').fill(f.a.ownerEmail)
      await page.getByRole('button', { name: 'Continue' }).click()
      await page.getByLabel('Password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL(`${f.url}/admin/tokens`)
      await section.getByLabel('Token name', { exact: true }).fill('terraform')
      await section.getByRole('button', { name: 'Create token' }).click()
      assert.match(await section.getByLabel('New token', { exact: true }).inputValue(), /^pcat_/)
    } finally {
      await owner.close()
    }
  })
})
