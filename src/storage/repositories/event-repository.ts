/**
 * SQL for the event log. Bound to a transaction, `append` keeps the events until the store commits
 * (`flush`): they are numbered last thing before the commit, by one UPDATE of the counter row whose lock
 * the transaction then holds for an instant only — so numbers follow commit order and no other lock is
 * taken after it (no deadlock through it). Bound to the database, `append` writes at once.
 */
import type { ActorType } from '../../audit/audit-event.ts'
import type { EventQuery, EventRepository } from '../../events/event-repository.ts'
import type { EventType, NewEvent, StoredEvent } from '../../events/event.ts'
import type { Database, EventsTable, Executor } from '../database.ts'
import { insertRows } from '../bulk-insert.ts'

export class SQLEventRepository implements EventRepository {
  readonly #db: Executor
  readonly #database: Database
  /** The events of the open transaction; undefined when bound to the database itself. */
  readonly #pending: NewEvent[] | undefined

  constructor(db: Executor, database: Database, inTransaction: boolean) {
    this.#db = db
    this.#database = database
    this.#pending = inTransaction ? [] : undefined
  }

  async append(event: NewEvent): Promise<void> {
    if (this.#pending !== undefined) {
      this.#pending.push(event)
      return
    }
    await this.#database.transaction((trx) => writeEvents(trx, [event]))
  }

  /** Numbers and writes the transaction's events; the store calls it just before committing. */
  /** Writes the transaction's events; returns how many. */
  async flush(): Promise<number> {
    const pending = this.#pending?.splice(0) ?? []
    if (pending.length > 0) await writeEvents(this.#db, pending)
    return pending.length
  }

  async list(query: EventQuery): Promise<StoredEvent[]> {
    let q = this.#db.selectFrom('events').selectAll()
    if (query.after !== undefined) q = q.where('seq', '>', query.after)
    if (query.through !== undefined) q = q.where('seq', '<=', query.through)
    if (query.orgId !== undefined) q = q.where('org_id', '=', query.orgId)
    if (query.types !== undefined) q = q.where('type', 'in', [...query.types])
    const rows = await q.orderBy('seq').limit(query.limit).execute()
    return rows.map(toEvent)
  }

  async find(seq: number): Promise<StoredEvent | undefined> {
    const row = await this.#db
      .selectFrom('events')
      .selectAll()
      .where('seq', '=', seq)
      .executeTakeFirst()
    return row && toEvent(row)
  }

  async lastSeq(): Promise<number> {
    const row = await this.#db
      .selectFrom('event_counter')
      .select('last')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow()
    return Number(row.last)
  }

  async sweep(before: number): Promise<number> {
    const result = await this.#db
      .deleteFrom('events')
      .where('occurred_at', '<', before)
      .executeTakeFirst()
    return Number(result.numDeletedRows)
  }
}

async function writeEvents(db: Executor, events: readonly NewEvent[]): Promise<void> {
  const { last } = await db
    .updateTable('event_counter')
    .set((eb) => ({ last: eb('last', '+', events.length) }))
    .where('id', '=', 1)
    .returning('last')
    .executeTakeFirstOrThrow()
  const first = Number(last) - events.length + 1
  const rows = events.map((event, i) => ({
    seq: first + i,
    type: event.type,
    org_id: event.orgId,
    occurred_at: event.occurredAt,
    actor_type: event.actor.type,
    actor_id: event.actor.id,
    data: JSON.stringify(event.data),
  }))
  // Several rows per statement, within both engines' bound-parameter limits.
  await insertRows(db, 'events', rows, 100)
}

function toEvent(row: EventsTable): StoredEvent {
  return {
    seq: Number(row.seq),
    type: row.type as EventType,
    orgId: row.org_id,
    occurredAt: Number(row.occurred_at),
    actor: { type: row.actor_type as ActorType, id: row.actor_id },
    data: JSON.parse(row.data) as Record<string, unknown>,
  }
}
