/** SQL for the mail outbox; a duplicate key is a no-op insert, so a message is queued at most once. */
import type { OutboxKind, OutboxMessage } from '../../mail/outbox.ts'
import type { OutboxRepository } from '../../mail/outbox-repository.ts'
import type { Executor, MailOutboxTable } from '../database.ts'

export class SQLOutboxRepository implements OutboxRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async enqueue(m: OutboxMessage): Promise<boolean> {
    const result = await this.#db
      .insertInto('mail_outbox')
      .values(toRow(m))
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst()
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
  }

  async enqueueMany(messages: readonly OutboxMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 500) {
      await this.#db
        .insertInto('mail_outbox')
        .values(messages.slice(i, i + 500).map(toRow))
        .execute()
    }
  }

  async listDue(now: number, limit: number, maxAttempts: number): Promise<OutboxMessage[]> {
    const rows = await this.#db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('sent_at', 'is', null)
      .where('send_after', '<=', now)
      .where('attempts', '<', maxAttempts)
      .orderBy('created_at')
      .limit(limit)
      .execute()
    return rows.map(toMessage)
  }

  async markSent(id: string, now: number): Promise<void> {
    await this.#db
      .updateTable('mail_outbox')
      .set({ sent_at: now, last_error: null })
      .where('id', '=', id)
      .execute()
  }

  async markSkipped(id: string, now: number, reason: string): Promise<void> {
    await this.#db
      .updateTable('mail_outbox')
      .set({ sent_at: now, last_error: `skipped: ${reason}`.slice(0, 500) })
      .where('id', '=', id)
      .execute()
  }

  async markFailed(id: string, error: string, retryAt: number): Promise<void> {
    await this.#db
      .updateTable('mail_outbox')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        last_error: error.slice(0, 500),
        send_after: retryAt,
      }))
      .where('id', '=', id)
      .execute()
  }
}

function toRow(m: OutboxMessage): MailOutboxTable {
  return {
    id: m.id,
    kind: m.kind,
    ref_id: m.refId,
    org_id: m.orgId,
    to_address: m.to,
    subject: m.subject,
    body: m.text,
    html: m.html ?? null,
    dedupe_key: m.dedupeKey,
    created_at: m.createdAt,
    send_after: m.sendAfter,
    attempts: m.attempts,
    sent_at: null,
    last_error: null,
  }
}

function toMessage(row: MailOutboxTable): OutboxMessage {
  return {
    id: row.id,
    kind: row.kind as OutboxKind,
    refId: row.ref_id,
    orgId: row.org_id,
    to: row.to_address,
    subject: row.subject,
    text: row.body,
    ...(row.html !== null && row.html !== undefined && { html: row.html }),
    dedupeKey: row.dedupe_key,
    createdAt: Number(row.created_at),
    sendAfter: Number(row.send_after),
    attempts: Number(row.attempts),
  }
}
