/** docs/idp-guides/ says what the Admin Center's guides say (`npm run docs:idp-guides` writes it). */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { idpGuidePages } from '../../scripts/generate-idp-guides.ts'
import { IDP_GUIDES, guideParts } from '../../admin-ui/src/setup/idp-guides.ts'

const DIR = new URL('../../docs/idp-guides/', import.meta.url)

describe('IdP guides', () => {
  it('are current in docs/idp-guides/, one page per IdP and an index', async () => {
    const pages = await idpGuidePages()
    assert.deepEqual(readdirSync(DIR).sort(), [...pages.keys()].sort())
    for (const [name, text] of pages) {
      assert.equal(
        readFileSync(new URL(name, DIR), 'utf8'),
        text,
        `${name}: run npm run docs:idp-guides`,
      )
    }
  })

  it('cover every IdP product the API knows, Okta and Entra ID with SCIM', async () => {
    const { IDP_PRODUCTS } = await import('../../src/sso-profiles/idp-products.ts')
    assert.deepEqual(IDP_GUIDES.map((g) => g.product).sort(), [...IDP_PRODUCTS].sort())
    for (const product of ['okta', 'entra-id']) {
      assert.ok(IDP_GUIDES.find((g) => g.product === product)?.scim?.length, product)
    }
  })

  it('name only values that exist (a misspelt {placeholder} would show as text)', () => {
    for (const guide of IDP_GUIDES) {
      for (const text of [...guide.steps, guide.metadata, ...guide.quirks, ...(guide.scim ?? [])]) {
        const parts = guideParts(text)
        for (const part of parts) {
          if (part.kind === 'text') assert.doesNotMatch(part.text, /\{[a-zA-Z]+\}|\*\*/, text)
        }
      }
    }
  })
})
