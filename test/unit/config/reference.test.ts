/** The configuration reference (docs/operator/configuration.md) is generated and must match the code (STYLE rule 42). */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { replaceConfigReference } from '../../../src/config/reference.ts'
import { OPTIONS } from '../../../src/config/defaults.ts'
import { ROOT } from '../../helpers/processes.ts'

describe('config: the configuration reference', () => {
  it('is in sync with src/config/defaults.ts (run npm run docs:config)', () => {
    const doc = readFileSync(join(ROOT, 'docs/operator/configuration.md'), 'utf8')
    assert.equal(doc, replaceConfigReference(doc))
  })

  it('documents every option the loader reads', () => {
    const loader = readFileSync(join(ROOT, 'src/config/load.ts'), 'utf8')
    const read = [...loader.matchAll(/(?:get|int|defaultOf)\('([A-Z_]+)'/g)].map((m) => m[1])
    const documented = new Set<string>(OPTIONS.map((o) => o.name))
    for (const name of read) assert.ok(documented.has(name ?? ''), `${name} is not documented`)
  })
})
