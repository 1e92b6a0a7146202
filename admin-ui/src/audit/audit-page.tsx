/**
 * The audit log (SPEC §4): filter by actor, user, event type and time; page; see an event's detail;
 * download what the filters select as CSV (issue 27).
 */
import { useState } from 'preact/hooks'
import { api, call } from '../api/client.ts'
import { fieldsOf } from '../api/forms.ts'
import { useCursorPages } from '../api/hooks.ts'
import { DataTable } from '../components/data-table.tsx'
import { ErrorNote } from '../components/error-note.tsx'
import { Pager } from '../components/pager.tsx'
import { formatDate } from '../components/status.tsx'
import { useOrg } from '../session.ts'

interface Filters {
  readonly actor?: string
  readonly user?: string
  readonly type?: string
  readonly from?: string
  readonly to?: string
}

export function AuditPage() {
  const { orgId } = useOrg()
  const [filters, setFilters] = useState<Filters>({})
  const pages = useCursorPages(
    async (cursor) => {
      const query = { limit: '25', ...(cursor === undefined ? {} : { cursor }), ...filters }
      const data = await call(
        api.GET('/api/v1/orgs/{orgId}/audit-events', { params: { path: { orgId }, query } }),
      )
      return { items: data.events, next: data.nextCursor }
    },
    [filters],
  )
  return (
    <section>
      <h1>Audit log</h1>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault()
          const form = fieldsOf(event.currentTarget)
          /** A local date and time from the form, as the API takes it (ISO 8601, UTC). */
          const iso = (name: string) => {
            const local = form.optional(name)
            return local === null ? null : new Date(local).toISOString()
          }
          const [actor, user, type, from, to] = [
            form.optional('actor'),
            form.optional('user'),
            form.optional('type'),
            iso('from'),
            iso('to'),
          ]
          setFilters({
            ...(actor !== null && { actor }),
            ...(user !== null && { user }),
            ...(type !== null && { type }),
            ...(from !== null && { from }),
            ...(to !== null && { to }),
          })
        }}
      >
        <label>
          Actor id <input name="actor" />
        </label>
        <label>
          User id <input name="user" />
        </label>
        <label>
          Event type <input name="type" placeholder="login.failed" />
        </label>
        <label>
          From <input name="from" type="datetime-local" />
        </label>
        <label>
          To <input name="to" type="datetime-local" />
        </label>
        <button type="submit">Apply</button>
      </form>
      <p>
        {/* The session's cookie authorizes a GET; the file has the filters applied above. */}
        <a
          href={`/api/v1/orgs/${encodeURIComponent(orgId)}/audit-events/export?${new URLSearchParams({ ...filters }).toString()}`}
          download
        >
          Download these events as CSV
        </a>{' '}
        <span class="hint">
          (up to 100,000, newest first; spreadsheet formulas are neutralised)
        </span>
      </p>
      <ErrorNote error={pages.error} />
      {pages.data !== undefined && (
        <DataTable
          caption="Audit events"
          rows={pages.data.items}
          rowKey={(event) => event.id}
          empty="No events match."
          columns={[
            { header: 'When', cell: (event) => formatDate(event.occurredAt) },
            { header: 'Event', cell: (event) => event.type },
            {
              header: 'Outcome',
              cell: (event) =>
                `${event.outcome}${event.reasonCode === null ? '' : ` (${event.reasonCode})`}`,
            },
            {
              header: 'Actor',
              cell: (event) =>
                [
                  event.actor.type,
                  event.actor.id,
                  event.actor.ip === null ? null : `from ${event.actor.ip}`,
                ]
                  .filter((part) => part !== null)
                  .join(' '),
            },
            {
              header: 'Target',
              cell: (event) =>
                event.target === null ? '—' : `${event.target.type} ${event.target.id}`,
            },
            {
              header: 'Detail',
              cell: (event) => (
                <details>
                  <summary>Show</summary>
                  <pre>{JSON.stringify(event.details, null, 2)}</pre>
                </details>
              ),
            },
          ]}
        />
      )}
      <Pager
        hasPrevious={pages.hasPrevious}
        hasNext={pages.hasNext}
        onPrevious={pages.previous}
        onNext={pages.next}
      />
    </section>
  )
}
