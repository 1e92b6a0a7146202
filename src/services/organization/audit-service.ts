/** Reading the audit log (SPEC §4): filtered, newest first, a page at a time. */
import { toPage, type Page } from '../../platform/page.ts'
import type { Store } from '../../platform/store.ts'
import type { AuditEvent } from '../../audit/audit-event.ts'
import type { AuditQuery, AuditRepository } from '../../audit/audit-repository.ts'

export class AuditService {
  readonly #deps: { readonly store: Store<{ audit: AuditRepository }> }

  constructor(deps: { readonly store: Store<{ audit: AuditRepository }> }) {
    this.#deps = deps
  }

  async listEvents(orgId: string, query: AuditQuery): Promise<Page<AuditEvent>> {
    const rows = await this.#deps.store.read.audit.query(orgId, query)
    return toPage(rows, query.limit, (event) => ({ at: event.occurredAt, id: event.id }))
  }
}
