/**
 * The sign-in pages as people meet them, in headless Chromium: every page a person can reach (email,
 * password, second factor, required enrolment and its recovery codes, SSO hand-over, error, invitation,
 * reset, sign-out, the account page and its authenticator-app and recovery-code pages) at 320, 360, 390, 768 and 1280 px wide and
 * at 200 % zoom never scrolls sideways, keeps touch targets at least 44 px, and has no serious or
 * critical axe violation; the pages name the application and organization, carry the operator's brand
 * and lead back to the console. Screenshots of the email and error pages go to test-output/.
 */
import assert from 'node:assert/strict'
import { TOTP } from 'otpauth'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { assertNoSeriousAxeViolations } from '../../helpers/axe.ts'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../../helpers/chromium.ts'
import { ROOT } from '../../helpers/processes.ts'
import { K_A } from '../../helpers/saml.ts'
import {
  authorizationRequest,
  discover,
  PASSWORD,
  setupLogin,
  type LoginFixture,
} from './login.setup.ts'

const OUTPUT = join(ROOT, 'test-output')
const WIDTHS = [320, 360, 390, 768, 1280]
const CONSOLE = 'http://127.0.0.1:9/console'
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="210" height="40" viewBox="0 0 210 40"><rect width="40" height="40" rx="8" fill="#0b6e4f"/><text x="50" y="27" font-family="sans-serif" font-size="20">Acme Cloud</text></svg>`

interface Viewport {
  readonly name: string
  readonly width: number
  readonly height: number
  readonly deviceScaleFactor: number
}

// 200 % zoom of a 1280 px window: the page lays out in 640 CSS pixels at twice the density.
const VIEWPORTS: Viewport[] = [
  ...WIDTHS.map((width) => ({ name: `${width}px`, width, height: 800, deviceScaleFactor: 1 })),
  { name: '1280px at 200%', width: 640, height: 400, deviceScaleFactor: 2 },
]

/** The colour schemes axe judges at a width. */
type Looks = Readonly<Record<number, readonly ('light' | 'dark')[]>>

/** A kind of device the pages are walked on, and what axe judges on that walk. */
interface Device {
  readonly hasTouch: boolean
  readonly deviceScaleFactor: number
  readonly locale: 'en-US' | 'de-DE'
  readonly axe: Looks
}

async function checkLayout(page: Page, name: string): Promise<void> {
  // Measure the page as it is shown: after its stylesheet (and logo) have loaded.
  await page.waitForLoadState('load')
  await page.waitForFunction(() => (document.styleSheets[0]?.cssRules.length ?? 0) > 0)
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  )
  assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow}px`)
  const small = await page.evaluate(() =>
    Array.from(document.querySelectorAll('button, a, input:not([type=hidden])'))
      .map((element) => {
        const box = element.getBoundingClientRect()
        return { what: element.outerHTML.slice(0, 80), width: box.width, height: box.height }
      })
      .filter((target) => target.height < 44 || target.width < 44),
  )
  assert.deepEqual(small, [], `${name}: touch targets under 44 px`)
}

describe('sqlite: sign-in pages on phones and desktops, branded, in context', () => {
  let f: LoginFixture
  let browser: Browser
  let dir: string
  let ssoDomain: string
  /** Each page as a function that brings a fresh browser page to it. */
  const pages = new Map<string, (page: Page) => Promise<void>>()

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portcullis-brand-'))
    writeFileSync(join(dir, 'logo.svg'), LOGO)
    f = await setupLogin('sqlite', undefined, {
      PRODUCT_NAME: 'Acme Cloud',
      BRAND_LOGO_FILE: join(dir, 'logo.svg'),
      BRAND_ACCENT_COLOR: '#0b6e4f',
      SUPPORT_CONTACT: 'help@acme.test',
      CONSOLE_URL: CONSOLE,
    })
    await f.addDomain(f.domain, { enforced: false })
    ssoDomain = `sso-${f.domain}`
    await f.addDomain(ssoDomain, { enforced: false })
    await f.server.app.services.ssoProfiles.createProfile(
      f.orgId,
      {
        name: 'Entra ID',
        idpEntityId: 'https://idp.example.test/metadata',
        idpSsoUrl: 'http://127.0.0.1:9/idp/sso',
        certificates: [K_A.cert],
        signRequests: false,
        domains: [ssoDomain],
      },
      { type: 'operator', id: 'test' },
    )
    browser = await launchChromium()
    mkdirSync(OUTPUT, { recursive: true })

    const config = await discover(f)
    const toEmail = async (page: Page) => {
      // Each page starts signed out (the account pages sign in within the same browser context).
      await page.context().clearCookies()
      const { url } = await authorizationRequest(config)
      await page.goto(url.href)
    }
    const toPassword = async (page: Page) => {
      await toEmail(page)
      await page.locator('#email').fill(f.owner.email)
      await page.locator('form[action="/login/email"] button:not([name])').click()
      await page.locator('#password').waitFor()
    }
    pages.set('email', toEmail)
    pages.set('password', toPassword)
    pages.set('password with an error', async (page) => {
      await toPassword(page)
      await page.locator('#password').fill('not the password')
      await page.locator('form[action="/login/password"] button').click()
      await page.getByRole('alert').waitFor()
    })
    // A user with an authenticator app meets the second step (issue 25).
    const withApp = await f.addUser({ password: PASSWORD })
    const app = await f.server.app.services.factors.startTotp(withApp.orgId, withApp.id, 'Phone')
    await f.server.app.services.factors.confirmTotp(
      withApp.orgId,
      withApp.id,
      app.factor.id,
      new TOTP({ secret: app.secret }).generate({ timestamp: f.clock.now() }),
      { type: 'user', id: withApp.id },
    )
    pages.set('second factor', async (page) => {
      await toEmail(page)
      await page.locator('#email').fill(withApp.email)
      await page.locator('form[action="/login/email"] button:not([name])').click()
      await page.locator('#password').fill(PASSWORD)
      await page.locator('form[action="/login/password"] button').click()
      await page.locator('#code').waitFor()
    })
    // An organization that requires a second factor: its users set one up right after the password.
    const strict = await f.server.app.services.orgs.createOrganization(
      { name: 'Strict', adminEmail: `owner@strict-${f.domain}` },
      { type: 'operator', id: 'test' },
    )
    await f.server.app.services.settings.update(
      strict.organizationId,
      { passwordUserMfa: 'required' },
      { type: 'operator', id: 'test' },
    )
    /** Signs a new user of `orgId` in up to their first page after the password. */
    const freshUser = async (page: Page, orgId = f.orgId) => {
      const user = await f.addUser({ password: PASSWORD, orgId, givenName: 'Ada' })
      await toEmail(page)
      await page.locator('#email').fill(user.email)
      await page.locator('form[action="/login/email"] button:not([name])').click()
      await page.locator('#password').fill(PASSWORD)
      await page.locator('form[action="/login/password"] button').click()
    }
    /** Reads the key off the page and gives the code an authenticator app would show. */
    const codeFromPage = async (page: Page) => {
      const key = (await page.locator('#totp-key').textContent()) ?? ''
      return new TOTP({ secret: key.replaceAll(' ', '') }).generate({ timestamp: f.clock.now() })
    }
    const toEnrolment = async (page: Page) => {
      await freshUser(page, strict.organizationId)
      await page.locator('#totp-key').waitFor()
    }
    pages.set('required enrolment', toEnrolment)
    pages.set('recovery codes after enrolment', async (page) => {
      await toEnrolment(page)
      await page.locator('#code').fill(await codeFromPage(page))
      await page.locator('form[action="/login/enrol"] button').click()
      await page.locator('.recovery-codes').waitFor()
    })
    const toAccount = async (page: Page) => {
      await page.route('http://127.0.0.1:9/**', (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: '<p>console</p>' }),
      )
      await freshUser(page)
      await page.waitForURL('http://127.0.0.1:9/**')
      await page.goto(`${f.url}/account`)
      await page.locator('#sessions-title').waitFor()
    }
    const toAccountApp = async (page: Page) => {
      await toAccount(page)
      await page.locator('form[action="/account/totp"] button').click()
      await page.locator('#totp-key').waitFor()
    }
    pages.set('account: add an authenticator app', toAccountApp)
    pages.set('account with an app', async (page) => {
      await toAccountApp(page)
      await page.locator('#code').fill(await codeFromPage(page))
      await page.locator('form[action="/account/totp/confirm"] button').click()
      await page.locator('.recovery-codes').waitFor()
      await page.goto(`${f.url}/account`)
      await page.locator('#factors-title').waitFor()
    })
    pages.set('SSO hand-over', async (page) => {
      // The hand-over page refreshes to the IdP at once; keep it on screen by taking its refresh out.
      await page.route('**/login/sso', async (route) => {
        const response = await route.fetch()
        const body = (await response.text()).replace(/<meta http-equiv="refresh"[^>]*>/, '')
        await route.fulfill({ response, body })
      })
      await toEmail(page)
      await page.locator('#email').fill(`someone@${ssoDomain}`)
      await page.locator('form[action="/login/email"] button:not([name])').click()
      await page.locator('form[action="/login/sso"] button').click()
      await page.locator('#continue').waitFor()
    })
    pages.set('error', async (page) => {
      await page.goto(`${f.url}/login?tx=expired-or-never-was`)
    })
    pages.set('invitation', async (page) => {
      const { inviteUrl } = await f.server.app.services.invitations.inviteUser(
        f.orgId,
        {
          email: `new-${Date.now()}-${Math.random().toString(36).slice(2)}@${f.domain}`,
          role: 'member',
        },
        { type: 'operator', id: 'test' },
      )
      await page.goto(inviteUrl)
    })
    pages.set('forgotten password', async (page) => {
      await page.goto(`${f.url}/login/forgot`)
    })
    pages.set('sign-out', async (page) => {
      await toPassword(page)
      await page.route('http://127.0.0.1:9/**', (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: '<p>console</p>' }),
      )
      await page.locator('#password').fill(PASSWORD)
      await page.locator('form[action="/login/password"] button').click()
      await page.waitForURL('http://127.0.0.1:9/**')
      await page.goto(`${f.url}/oauth2/logout`)
      await page.locator('form[action^="/oauth2/logout"] button').waitFor()
    })
  })
  after(async () => {
    await browser?.close()
    await f?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  // Each page is reached once per kind of device (touch or not, pixel density) and then checked at
  // every width of that kind by resizing the window: the pages are server-rendered and lay out by
  // width alone, so a resize shows what a fresh load at that width shows. Axe judges the looks on the
  // same loads — light and dark (prefers-color-scheme emulated on the loaded page) at a phone's width,
  // light at a desktop's, and German at 200 % zoom, where longer words are likeliest to overflow (the
  // server picks the language from Accept-Language, so it needs a context of its own). Each page is
  // walked through 3 times in all (it was 10, then 5: the slowest file of the suite, issue 29).
  const kinds: readonly Device[] = [
    { hasTouch: true, deviceScaleFactor: 1, locale: 'en-US', axe: { 390: ['light', 'dark'] } },
    { hasTouch: false, deviceScaleFactor: 1, locale: 'en-US', axe: { 1280: ['light'] } },
    { hasTouch: true, deviceScaleFactor: 2, locale: 'de-DE', axe: { 640: ['light'] } },
  ]
  const devices = kinds.map((device) => ({
    ...device,
    viewports: VIEWPORTS.filter(
      (v) => v.width < 768 === device.hasTouch && v.deviceScaleFactor === device.deviceScaleFactor,
    ),
  }))
  for (const { hasTouch, deviceScaleFactor, locale, axe, viewports } of devices) {
    const names = viewports.map((v) => v.name).join(', ')
    const looks = Object.entries(axe)
      .map(([width, schemes]) => `${schemes.join(' and ')} at ${width}px`)
      .join(', ')
    it(
      `fits ${names} with 44 px touch targets on every page, no serious or critical axe violation (${locale}: ${looks})`,
      { timeout: 300_000 },
      async () => {
        const [first] = viewports
        assert.ok(first !== undefined)
        const context = await browser.newContext({
          viewport: { width: first.width, height: first.height },
          deviceScaleFactor,
          hasTouch,
          locale,
        })
        try {
          // One tab walks every page: a new tab per page made this file cost twice the CPU (the whole
          // machine's, Chromium's processes included: 162 vs 86 core-seconds alone, issue 29). Each
          // page starts as a new tab would: no routes another page set, the default colour scheme.
          const page = await context.newPage()
          for (const [name, goTo] of pages) {
            await page.unrouteAll({ behavior: 'ignoreErrors' })
            await page.emulateMedia({ colorScheme: null })
            await goTo(page)
            if (locale === 'de-DE') {
              assert.equal(await page.locator('html').getAttribute('lang'), 'de', name)
            }
            for (const viewport of viewports) {
              await page.setViewportSize({ width: viewport.width, height: viewport.height })
              await checkLayout(page, `${name} at ${viewport.name}`)
              for (const colorScheme of axe[viewport.width] ?? []) {
                await page.emulateMedia({ colorScheme })
                await assertNoSeriousAxeViolations(
                  page,
                  `${name} (${colorScheme}, ${locale}, ${viewport.name})`,
                )
              }
            }
          }
        } finally {
          await context.close()
        }
      },
    )
  }
  it('checks every width at every density, and every look axe judges at a width it walks', () => {
    assert.deepEqual(
      devices
        .flatMap((d) => d.viewports)
        .map((v) => v.name)
        .sort(),
      VIEWPORTS.map((v) => v.name).sort(),
    )
    const judged = devices.flatMap((d) =>
      Object.entries(d.axe).flatMap(([width, schemes]) => {
        assert.ok(
          d.viewports.some((v) => v.width === Number(width)),
          `${width}px is not walked`,
        )
        return schemes.map((scheme) => `${d.locale} ${scheme}`)
      }),
    )
    assert.deepEqual(new Set(judged), new Set(['en-US light', 'en-US dark', 'de-DE light']))
  })

  it('names the application and, after the email step, the organization; shows the brand', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    try {
      await pages.get('email')?.(page)
      assert.equal(await page.title(), 'Sign in · Acme Cloud')
      assert.ok(await page.getByText('Sign in to Console').isVisible())
      assert.equal(await page.getByText('Organization: Acme').count(), 0)
      const logo = page.getByRole('img', { name: 'Acme Cloud logo' })
      assert.ok(await logo.isVisible())
      assert.ok(((await logo.boundingBox())?.width ?? 0) > 0, 'the logo loads under the CSP')
      const accent = await page
        .getByRole('button', { name: 'Continue' })
        .evaluate((element) => getComputedStyle(element).backgroundColor)
      assert.equal(accent, 'rgb(11, 110, 79)')
      const served = await fetch(`${f.url}/assets/logo`)
      assert.equal(served.headers.get('content-type'), 'image/svg+xml')
      assert.equal(served.headers.get('x-content-type-options'), 'nosniff')
      assert.match(served.headers.get('content-security-policy') ?? '', /sandbox/)
      await page.getByLabel('Email address').fill(f.owner.email)
      await page.getByRole('button', { name: 'Continue' }).click()
      await page.getByLabel('Password').waitFor()
      assert.ok(await page.getByText('Sign in to Console').isVisible())
      assert.ok(await page.getByText('Organization: Acme').isVisible())
    } finally {
      await context.close()
    }
  })

  it('never leaves a person at a dead end: errors, invitations and sign-out lead back', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    try {
      await pages.get('error')?.(page)
      assert.match(await page.getByRole('alert').innerText(), /Reason: login\.transaction_expired/)
      assert.equal(
        await page.getByRole('link', { name: 'Back to the application' }).getAttribute('href'),
        CONSOLE,
      )
      assert.equal(
        await page.getByRole('link', { name: 'help@acme.test' }).getAttribute('href'),
        'mailto:help@acme.test',
      )

      await pages.get('invitation')?.(page)
      await page.getByLabel('New password').fill(PASSWORD)
      await page.getByLabel('Repeat the password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Activate account' }).click()
      await page.getByRole('heading', { name: 'Your account is active' }).waitFor()
      assert.equal(
        await page.getByRole('link', { name: 'Back to the application' }).getAttribute('href'),
        CONSOLE,
      )
    } finally {
      await context.close()
    }
  })

  it('takes screenshots of the email and error pages on a desktop and a phone', async () => {
    for (const [device, viewport] of [
      ['desktop', { width: 1280, height: 720 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 })
      try {
        for (const name of ['email', 'error'] as const) {
          const page = await context.newPage()
          await pages.get(name)?.(page)
          await page.screenshot({ path: join(OUTPUT, `login-${name}-${device}.png`) })
          await page.close()
        }
      } finally {
        await context.close()
      }
    }
  })
})
