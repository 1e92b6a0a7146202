/** Reading the audit log (SPEC §4): filtered, newest first, a page at a time. */
import { toPage, type Page } from '../../platform/page.ts'
import type { Store } from '../../platform/store.ts'
import type { AuditEvent } from '../../audit/audit-event.ts'
import type { AuditQuery, AuditRepository } from '../../audit/audit-repository.ts'

/** The most events one CSV export holds (narrow the time range for more). */
export const MAX_EXPORT_EVENTS = 100_000

export class AuditService {
  readonly #deps: { readonly store: Store<{ audit: AuditRepository }> }

  constructor(deps: { readonly store: Store<{ audit: AuditRepository }> }) {
    this.#deps = deps
  }

  async listEvents(orgId: string, query: AuditQuery): Promise<Page<AuditEvent>> {
    const rows = await this.#deps.store.read.audit.query(orgId, query)
    return toPage(rows, query.limit, (event) => ({ at: event.occurredAt, id: event.id }))
  }

  /**
   * Every event matching the filters, newest first, for an export — at most `max` (the export says so
   * when it stops there), read a thousand at a time.
   */
  async exportEvents(
    orgId: string,
    filters: Omit<AuditQuery, 'limit' | 'before'>,
    max = MAX_EXPORT_EVENTS,
  ): Promise<{ events: AuditEvent[]; truncated: boolean }> {
    const events: AuditEvent[] = []
    let before: AuditQuery['before']
    for (;;) {
      const page = await this.listEvents(orgId, {
        ...filters,
        limit: 1000,
        ...(before === undefined ? {} : { before }),
      })
      events.push(...page.items)
      // Exactly `max` events and no more is complete, not cut.
      if (events.length > max || (events.length === max && page.next !== undefined))
        return { events: events.slice(0, max), truncated: true }
      if (page.next === undefined) return { events, truncated: false }
      before = { occurredAt: page.next.at, id: page.next.id }
    }
  }
}
