/**
 * Reading the event log (issue 24): in commit order after a cursor, for the operator (every
 * organization, or one) or for one organization's admins. A consumer keeps the cursor it was given and
 * asks again: it misses nothing and sees nothing twice, whichever instance answers.
 */
import type { EventRepository } from '../../events/event-repository.ts'
import { eventId, type EventType, type StoredEvent } from '../../events/event.ts'
import type { Store } from '../../platform/store.ts'

export interface EventPage {
  readonly events: readonly StoredEvent[]
  /** Where the next call starts: the last event's id, or the cursor given when there was none. */
  readonly cursor: string | null
}

export class EventLogService {
  readonly #store: Store<{ events: EventRepository }>

  constructor(deps: { readonly store: Store<{ events: EventRepository }> }) {
    this.#store = deps.store
  }

  async list(query: {
    readonly after?: number
    readonly types?: readonly EventType[]
    readonly orgId?: string
    readonly limit: number
  }): Promise<EventPage> {
    const events = await this.#store.read.events.list(query)
    const last = events[events.length - 1]
    return {
      events,
      cursor:
        last !== undefined
          ? eventId(last.seq)
          : query.after === undefined
            ? null
            : eventId(query.after),
    }
  }
}
