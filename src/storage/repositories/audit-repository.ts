/** SQL for audit events. */
import { pastKey } from './keyset.ts'
import type { ActorType, AuditEvent } from '../../audit/audit-event.ts'
import type { AuditQuery, AuditRepository } from '../../audit/audit-repository.ts'
import type { AuditEventsTable, Executor } from '../database.ts'
import { insertRows } from '../bulk-insert.ts'

export class SQLAuditRepository implements AuditRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async insert(event: AuditEvent): Promise<void> {
    await this.#db.insertInto('audit_events').values(toRow(event)).execute()
  }

  async insertMany(events: readonly AuditEvent[]): Promise<void> {
    await insertRows(this.#db, 'audit_events', events.map(toRow), 500)
  }

  query(orgId: string, query: AuditQuery): Promise<AuditEvent[]> {
    return queryAudit(this.#db, orgId, query)
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

async function queryAudit(db: Executor, orgId: string, query: AuditQuery): Promise<AuditEvent[]> {
  let q = db.selectFrom('audit_events').selectAll().where('org_id', '=', orgId)
  if (query.actorId !== undefined) q = q.where('actor_id', '=', query.actorId)
  if (query.targetUserId !== undefined) {
    q = q.where('target_type', '=', 'user').where('target_id', '=', query.targetUserId)
  }
  if (query.type !== undefined) q = q.where('type', '=', query.type)
  if (query.from !== undefined) q = q.where('occurred_at', '>=', query.from)
  if (query.to !== undefined) q = q.where('occurred_at', '<', query.to)
  const before = query.before
  if (before !== undefined) {
    q = q.where(
      pastKey({ at: before.occurredAt, id: before.id }, { at: 'occurred_at', id: 'id' }, true),
    )
  }
  const rows = await q
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute()
  return rows.map(toEvent)
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

function toRow(event: AuditEvent) {
  return {
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
  }
}
