/** SQL for audit events. */
import type { ActorType, AuditEvent } from '../../audit/audit-event.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import type { AuditEventsTable, Executor } from '../database.ts'

export class SQLAuditRepository implements AuditRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async insert(event: AuditEvent): Promise<void> {
    await this.#db
      .insertInto('audit_events')
      .values({
        id: event.id,
        org_id: event.orgId,
        occurred_at: event.occurredAt,
        type: event.type,
        outcome: event.outcome,
        reason_code: event.reasonCode ?? null,
        actor_type: event.actor.type,
        actor_id: event.actor.id,
        target_type: event.target?.type ?? null,
        target_id: event.target?.id ?? null,
        ip: event.actor.ip ?? null,
        user_agent: event.actor.userAgent ?? null,
        details: JSON.stringify(event.details ?? {}),
      })
      .execute()
  }

  async listForOrg(orgId: string | null, limit: number): Promise<AuditEvent[]> {
    const base = this.#db.selectFrom('audit_events').selectAll()
    const scoped =
      orgId === null ? base.where('org_id', 'is', null) : base.where('org_id', '=', orgId)
    const rows = await scoped
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
    return rows.map(toEvent)
  }
}

function toEvent(row: AuditEventsTable): AuditEvent {
  return {
    id: row.id,
    orgId: row.org_id,
    occurredAt: row.occurred_at,
    type: row.type,
    outcome: row.outcome as AuditEvent['outcome'],
    reasonCode: row.reason_code,
    actor: {
      type: row.actor_type as ActorType,
      id: row.actor_id,
      ip: row.ip,
      userAgent: row.user_agent,
    },
    target: row.target_type && row.target_id ? { type: row.target_type, id: row.target_id } : null,
    details: JSON.parse(row.details) as Record<string, unknown>,
  }
}
