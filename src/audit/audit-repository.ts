/** Storage interface for audit events; writes happen in the transaction of the change they record. */
import type { AuditEvent } from './audit-event.ts'

export interface AuditRepository {
  insert(event: AuditEvent): Promise<void>
  /** Newest first. `orgId` scopes the query; pass null for operator-level events. */
  listForOrg(orgId: string | null, limit: number): Promise<AuditEvent[]>
}
