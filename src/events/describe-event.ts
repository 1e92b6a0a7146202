/** An event as the event API and webhooks show it. */
import { eventId, type StoredEvent } from './event.ts'

export function describeEvent(event: StoredEvent) {
  return {
    id: eventId(event.seq),
    type: event.type,
    occurredAt: new Date(event.occurredAt).toISOString(),
    organizationId: event.orgId,
    actor: { type: event.actor.type, id: event.actor.id },
    data: event.data,
  }
}
