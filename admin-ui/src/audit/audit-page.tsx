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
import { useT } from '../i18n/i18n.tsx'
import { useOrg } from '../session.ts'

interface Filters {
  readonly actor?: string
  readonly user?: string
  readonly type?: string
  readonly from?: string
  readonly to?: string
}

export function AuditPage() {
  const t = useT()
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
      <h1>{t('audit.title')}</h1>
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
          {t('audit.actor')} <input name="actor" />
        </label>
        <label>
          {t('audit.user')} <input name="user" />
        </label>
        <label>
          {t('audit.type')} <input name="type" placeholder="login.failed" />
        </label>
        <label>
          {t('audit.from')} <input name="from" type="datetime-local" />
        </label>
        <label>
          {t('audit.to')} <input name="to" type="datetime-local" />
        </label>
        <button type="submit">{t('common.apply')}</button>
      </form>
      <p>
        {/* The session's cookie authorizes a GET; the file has the filters applied above. */}
        <a
          href={`/api/v1/orgs/${encodeURIComponent(orgId)}/audit-events/export?${new URLSearchParams({ ...filters }).toString()}`}
          download
        >
          {t('audit.download')}
        </a>{' '}
        <span class="hint">{t('audit.download_hint')}</span>
      </p>
      <ErrorNote error={pages.error} />
      {pages.data !== undefined && (
        <DataTable
          caption={t('audit.caption')}
          rows={pages.data.items}
          rowKey={(event) => event.id}
          empty={t('audit.empty')}
          columns={[
            { header: t('audit.when'), cell: (event) => t.date(event.occurredAt) },
            { header: t('audit.event'), cell: (event) => event.type },
            {
              header: t('audit.outcome'),
              cell: (event) =>
                `${event.outcome}${event.reasonCode === null ? '' : ` (${event.reasonCode})`}`,
            },
            {
              header: t('audit.actor_column'),
              cell: (event) =>
                [
                  event.actor.type,
                  event.actor.id,
                  event.actor.ip === null ? null : t('audit.from_ip', { ip: event.actor.ip }),
                ]
                  .filter((part) => part !== null)
                  .join(' '),
            },
            {
              header: t('audit.target'),
              cell: (event) =>
                event.target === null ? '—' : `${event.target.type} ${event.target.id}`,
            },
            {
              header: t('audit.detail'),
              cell: (event) => (
                <details>
                  <summary>{t('audit.show')}</summary>
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
