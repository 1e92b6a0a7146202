/** Storage interface for audit events; writes happen in the transaction of the change they record. */
import type { AuditEvent } from './audit-event.ts'

export interface AuditQuery {
  readonly actorId?: string
  readonly targetUserId?: string
  readonly type?: string
  /** Inclusive lower bound, epoch ms. */
  readonly from?: number
  /** Exclusive upper bound, epoch ms. */
  readonly to?: number
  /** Continue after this event (newest-first order). */
  readonly before?: { readonly occurredAt: number; readonly id: string }
  readonly limit: number
}

export interface AuditRepository {
  insert(event: AuditEvent): Promise<void>
  /** Many events, several per statement (bulk import). */
  insertMany(events: readonly AuditEvent[]): Promise<void>
  /** Newest first. `orgId` scopes the query; pass null for operator-level events. */
  listForOrg(orgId: string | null, limit: number): Promise<AuditEvent[]>
  /** Newest first, filtered; returns up to `limit + 1` events so the caller can tell if more follow. */
  query(orgId: string, query: AuditQuery): Promise<AuditEvent[]>
}
