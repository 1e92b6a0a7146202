/** Storage interface for the event log. */
import type { EventType, NewEvent, StoredEvent } from './event.ts'

export interface EventQuery {
  /** Events after this place in the log (exclusive). */
  readonly after?: number
  /** Events up to this place in the log (inclusive). */
  readonly through?: number
  readonly types?: readonly EventType[]
  /** One organization's events; all when undefined (the operator). */
  readonly orgId?: string
  readonly limit: number
}

export interface EventRepository {
  /**
   * Records an event of the change being made. In a transaction it is numbered and written as the
   * transaction commits — numbers follow commit order on every engine, so a reader never sees a later
   * number before an earlier one — and not at all if it rolls back; outside one, at once.
   */
  append(event: NewEvent): Promise<void>
  /** In log order, after `query.after`, up to `limit`. */
  list(query: EventQuery): Promise<StoredEvent[]>
  /** The event with this number, while it is kept. */
  find(seq: number): Promise<StoredEvent | undefined>
  /** The last number given (events up to it are committed or rolled back). */
  lastSeq(): Promise<number>
  /** Deletes events older than `before`; returns how many. */
  sweep(before: number): Promise<number>
}
