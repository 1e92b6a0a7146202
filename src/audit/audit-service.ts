/** Reading the audit log (SPEC §4): filtered, newest first, a page at a time. */
import type { Store } from '../platform/store.ts'
import type { AuditEvent } from './audit-event.ts'
import type { AuditQuery, AuditRepository } from './audit-repository.ts'

export interface AuditPage {
  readonly events: readonly AuditEvent[]
  readonly next: { occurredAt: number; id: string } | undefined
}

export class AuditService {
  readonly #deps: { readonly store: Store<{ audit: AuditRepository }> }

  constructor(deps: { readonly store: Store<{ audit: AuditRepository }> }) {
    this.#deps = deps
  }

  async listEvents(orgId: string, query: AuditQuery): Promise<AuditPage> {
    const rows = await this.#deps.store.read.audit.query(orgId, query)
    const events = rows.slice(0, query.limit)
    const last = events[events.length - 1]
    return {
      events,
      next:
        rows.length > query.limit && last
          ? { occurredAt: last.occurredAt, id: last.id }
          : undefined,
    }
  }
}
