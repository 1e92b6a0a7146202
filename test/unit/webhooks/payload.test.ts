/** A delivery's body (issue 24): the event as the event API shows it, without its data past 256 KiB. */
import assert from 'node:assert/strict'
import { it } from 'node:test'
import type { StoredEvent } from '../../../src/events/event.ts'
import { eventPayload, MAX_BODY_BYTES } from '../../../src/webhooks/webhook-delivery.ts'

const event = (data: Record<string, unknown>): StoredEvent => ({
  seq: 42,
  type: 'organization.updated',
  orgId: 'org',
  occurredAt: Date.UTC(2026, 11, 7),
  actor: { type: 'system', id: 'test' },
  data,
})

it('sends the event whole up to 256 KiB, and without its data beyond', () => {
  const small = JSON.parse(eventPayload(event({ name: 'Acme' })))
  assert.deepEqual(small.data, { name: 'Acme' })
  assert.equal(small.id, 'evt_0000000000000042')
  const big = eventPayload(event({ name: 'x'.repeat(MAX_BODY_BYTES) }))
  assert.ok(Buffer.byteLength(big) < MAX_BODY_BYTES)
  assert.deepEqual(
    { ...JSON.parse(big), occurredAt: undefined },
    {
      id: 'evt_0000000000000042',
      type: 'organization.updated',
      occurredAt: undefined,
      organizationId: 'org',
      actor: { type: 'system', id: 'test' },
      data: null,
      dataOmitted: true,
    },
  )
})
