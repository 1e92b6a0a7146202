/** The event catalogue (docs/integrator/events.md) names every event type (issue 24): a new type cannot go undocumented. */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { it } from 'node:test'
import { EVENT_TYPES } from '../../../src/events/event.ts'

it('the event catalogue lists every event type', () => {
  const doc = readFileSync(new URL('../../../docs/integrator/events.md', import.meta.url), 'utf8')
  const section = doc.slice(doc.indexOf('## The event log'), doc.indexOf('## Webhooks'))
  const missing = Object.keys(EVENT_TYPES).filter((type) => !section.includes(`\`${type}\``))
  assert.deepEqual(missing, [])
})
