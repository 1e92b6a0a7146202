/**
 * What every page a person sees must pass: no serious or critical axe-core violation.
 *
 * axe-core runs in the page itself (`axe.run`), put there once per document: the minified build is
 * evaluated in every frame that does not have it yet, so a page judged in light and then dark mode
 * carries it once. `@axe-core/playwright`, which this replaces, evaluated the 1.4 MB unminified
 * build twice per analysis (~0.54 s each in the suite's Chromium) before a run of ~0.12 s: on the
 * page-layout walks, 1.2 s an analysis against ~0.38 s, and ~0.12 s for a second look (issue 29).
 * Same rules, same options: every rule axe enables by default, violations only; same-origin frames
 * are judged with the page (axe's default `allowedOrigins`), as `@axe-core/playwright`'s legacy mode did.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AxeResults, RunOptions } from 'axe-core'
import type { Page } from 'playwright-core'

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

const OPTIONS: RunOptions = { resultTypes: ['violations'] }

/** The page's window once axe-core is in it. */
interface AxeWindow {
  readonly axe?: { run: (context: Document, options: RunOptions) => Promise<AxeResults> }
}

export async function assertNoSeriousAxeViolations(page: Page, name: string): Promise<void> {
  for (const frame of page.frames()) {
    // Not `'axe' in window`: an element with id="axe" is a property of window too.
    const present = await frame.evaluate(() => typeof (window as AxeWindow).axe?.run === 'function')
    if (!present) await frame.evaluate(AXE_SOURCE)
  }
  const results = await page.evaluate((options) => {
    const { axe } = window as AxeWindow
    if (axe === undefined) throw new Error('axe-core is not in the page')
    return axe.run(document, options)
  }, OPTIONS)
  const serious = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  )
  assert.deepEqual(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `axe on ${name}`,
  )
}
