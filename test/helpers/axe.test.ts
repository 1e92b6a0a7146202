/**
 * The accessibility check every browser test relies on: it must fail on what it is there to catch, in
 * the main document and in a same-origin frame, and still judge a page it has judged before after the
 * page changes (axe-core is put into a document once and run again on it).
 */
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { assertNoSeriousAxeViolations } from './axe.ts'
import { launchChromium } from './chromium.ts'

const GOOD = `<!doctype html><html lang="en"><head><title>Fine</title></head><body><main>
<h1>Sign in</h1><label for="e">Email</label><input id="e" type="email"><button>Continue</button>
</main></body></html>`

const BAD = `<!doctype html><html lang="en"><head><title>Not fine</title></head><body><main>
<input type="email"><button></button><p style="color:#eee;background:#fff">faint text</p>
</main></body></html>`

/** The rule ids the check's failure names, in order. */
async function failures(page: Page): Promise<string[]> {
  try {
    await assertNoSeriousAxeViolations(page, 'the page')
  } catch (error) {
    assert.ok(error instanceof assert.AssertionError, String(error))
    return (error.actual as string[]).map((line) => line.split(':')[0] ?? '').sort()
  }
  return []
}

const FRAMED = `<!doctype html><html lang="en"><head><title>Framed</title></head><body><main>
<iframe title="inner" src="/bad"></iframe></main></body></html>`

// An element with id="axe" is `window.axe` too, until axe-core replaces it.
const NAMED = BAD.replace('<main>', '<main><p id="axe">axe</p>')

const PAGES: Readonly<Record<string, string>> = {
  '/good': GOOD,
  '/bad': BAD,
  '/framed': FRAMED,
  '/named': NAMED,
}

describe('the axe check of the browser tests', () => {
  let browser: Browser
  let page: Page
  let server: Server
  let url = ''
  before(async () => {
    server = createServer((request, response) => {
      const body = PAGES[request.url ?? '']
      response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html' })
      response.end(body ?? '')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await launchChromium()
    page = await browser.newPage()
  })
  after(async () => {
    await browser?.close()
    server?.close()
  })

  it('passes a page without serious violations', async () => {
    await page.goto(`${url}/good`)
    assert.deepEqual(await failures(page), [])
  })

  it('fails an unlabelled input, an unnamed button and faint text', async () => {
    await page.goto(`${url}/bad`)
    assert.deepEqual(await failures(page), ['button-name', 'color-contrast', 'label'])
  })

  it('judges a page again after it changed, with axe already in it', async () => {
    await page.goto(`${url}/good`)
    assert.deepEqual(await failures(page), [])
    await page.evaluate(() => {
      document.querySelector('main')?.insertAdjacentHTML('beforeend', '<button></button>')
    })
    assert.deepEqual(await failures(page), ['button-name'])
  })

  it('judges what a same-origin frame shows', async () => {
    await page.goto(`${url}/framed`)
    await page.frameLocator('iframe').locator('input').waitFor()
    assert.deepEqual(await failures(page), ['button-name', 'color-contrast', 'label'])
  })

  it('judges a page with an element named axe', async () => {
    await page.goto(`${url}/named`)
    assert.deepEqual(await failures(page), ['button-name', 'color-contrast', 'label'])
  })
})
