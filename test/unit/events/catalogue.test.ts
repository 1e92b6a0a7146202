/** The README's event catalogue names every event type (issue 24): a new type cannot go undocumented. */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { it } from 'node:test'
import { EVENT_TYPES } from '../../../src/events/event.ts'

it('the README catalogue lists every event type', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
  const section = readme.slice(readme.indexOf('### The event log'), readme.indexOf('### Webhooks'))
  const missing = Object.keys(EVENT_TYPES).filter((type) => !section.includes(`\`${type}\``))
  assert.deepEqual(missing, [])
})
