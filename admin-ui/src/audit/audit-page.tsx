/** The audit log (SPEC §4): filter by actor, user, event type and time; page; see an event's detail. */
import { useEffect, useState } from 'preact/hooks'
import { api, call, errorOf, type APIError } from '../api/client.ts'
import { ErrorNote } from '../components/error-note.tsx'
import { Pager } from '../components/pager.tsx'
import { formatDate } from '../components/status.tsx'
import { useOrg } from '../session.ts'

interface Filters {
  actor: string
  user: string
  type: string
  from: string
  to: string
}

type Event = {
  id: string
  occurredAt: string
  type: string
  outcome: string
  reasonCode: string | null
  actor: { type: string; id: string | null; ip: string | null }
  target: { type: string; id: string } | null
  details: Record<string, unknown>
}

export function AuditPage() {
  const { orgId } = useOrg()
  const [filters, setFilters] = useState<Filters>({
    actor: '',
    user: '',
    type: '',
    from: '',
    to: '',
  })
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined])
  const [page, setPage] = useState<{ events: Event[]; next: string | null } | null>(null)
  const [error, setError] = useState<APIError | null>(null)
  const cursor = cursors[cursors.length - 1]
  useEffect(() => {
    void (async () => {
      setError(null)
      try {
        const iso = (local: string) => (local === '' ? undefined : new Date(local).toISOString())
        const query = Object.fromEntries(
          Object.entries({
            limit: '25',
            cursor,
            actor: filters.actor || undefined,
            user: filters.user || undefined,
            type: filters.type || undefined,
            from: iso(filters.from),
            to: iso(filters.to),
          }).filter(([, v]) => v !== undefined),
        )
        const data = await call(
          api.GET('/api/v1/orgs/{orgId}/audit-events', { params: { path: { orgId }, query } }),
        )
        setPage({ events: data.events as Event[], next: data.nextCursor })
      } catch (e) {
        setError(errorOf(e))
      }
    })()
  }, [cursor, filters])
  return (
    <section>
      <h1>Audit log</h1>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault()
          const data = new FormData(event.currentTarget)
          const get = (key: string) => String(data.get(key) ?? '').trim()
          setCursors([undefined])
          setFilters({
            actor: get('actor'),
            user: get('user'),
            type: get('type'),
            from: get('from'),
            to: get('to'),
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
      <ErrorNote error={error} />
      {page !== null && (
        <table class="list">
          <caption class="visually-hidden">Audit events</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Outcome</th>
              <th scope="col">Actor</th>
              <th scope="col">Target</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {page.events.map((event) => (
              <tr key={event.id}>
                <td>{formatDate(event.occurredAt)}</td>
                <td>{event.type}</td>
                <td>
                  {event.outcome}
                  {event.reasonCode !== null && ` (${event.reasonCode})`}
                </td>
                <td>
                  {event.actor.type}
                  {event.actor.id !== null && ` ${event.actor.id}`}
                  {event.actor.ip !== null && ` from ${event.actor.ip}`}
                </td>
                <td>{event.target === null ? '—' : `${event.target.type} ${event.target.id}`}</td>
                <td>
                  <details>
                    <summary>Show</summary>
                    <pre>{JSON.stringify(event.details, null, 2)}</pre>
                  </details>
                </td>
              </tr>
            ))}
            {page.events.length === 0 && (
              <tr>
                <td colSpan={6}>No events match.</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <Pager
        hasPrevious={cursors.length > 1}
        hasNext={page?.next !== null && page?.next !== undefined}
        onPrevious={() => setCursors(cursors.slice(0, -1))}
        onNext={() => page?.next && setCursors([...cursors, page.next])}
      />
    </section>
  )
}
