/**
 * Groups (issue 27: they were API-only): the groups the organization's IdP provisions through SCIM,
 * read-only — they are changed at the IdP — with their member counts, and one group's members.
 */
import { useState } from 'preact/hooks'
import { api, call } from '../api/client.ts'
import { useCursorPages, useQuery } from '../api/hooks.ts'
import { DataTable } from '../components/data-table.tsx'
import { ErrorNote } from '../components/error-note.tsx'
import { Pager } from '../components/pager.tsx'
import { useT } from '../i18n/i18n.tsx'
import { useOrg } from '../session.ts'

export function GroupsPage() {
  const t = useT()
  const { orgId } = useOrg()
  const [open, setOpen] = useState<string | null>(null)
  const pages = useCursorPages(
    async (cursor) => {
      const query = { limit: '50', ...(cursor === undefined ? {} : { cursor }) }
      const data = await call(
        api.GET('/api/v1/orgs/{orgId}/groups', { params: { path: { orgId }, query } }),
      )
      return { items: data.groups, next: data.nextCursor }
    },
    [orgId],
  )
  return (
    <section>
      <h1>{t('groups.title')}</h1>
      <p>{t('groups.intro')}</p>
      <ErrorNote error={pages.error} />
      {pages.data !== undefined && (
        <DataTable
          caption={t('groups.title')}
          rows={pages.data.items}
          rowKey={(group) => group.id}
          empty={t('groups.none')}
          columns={[
            {
              header: t('groups.group'),
              cell: (group) => (
                <button
                  type="button"
                  class="link"
                  aria-expanded={open === group.id}
                  onClick={() => setOpen(open === group.id ? null : group.id)}
                >
                  {group.displayName}
                </button>
              ),
            },
            { header: t('groups.members'), cell: (group) => t.number(group.memberCount) },
            { header: t('groups.external_id'), cell: (group) => group.externalId ?? '—' },
            { header: t('groups.changed'), cell: (group) => t.date(group.updatedAt) },
          ]}
        />
      )}
      <Pager
        hasPrevious={pages.hasPrevious}
        hasNext={pages.hasNext}
        onPrevious={pages.previous}
        onNext={pages.next}
      />
      {open !== null && <GroupMembers groupId={open} />}
    </section>
  )
}

function GroupMembers({ groupId }: { groupId: string }) {
  const t = useT()
  const { orgId } = useOrg()
  const group = useQuery(
    () =>
      call(
        api.GET('/api/v1/orgs/{orgId}/groups/{groupId}', {
          params: { path: { orgId, groupId } },
        }),
      ),
    [orgId, groupId],
  )
  if (group.data === undefined) return <ErrorNote error={group.error} />
  const { displayName, members } = group.data
  return (
    <section class="panel" aria-labelledby="group-title">
      <h2 id="group-title">{t('groups.members_of', { group: displayName })}</h2>
      {members.length === 0 ? (
        <p>{t('groups.no_members')}</p>
      ) : (
        <ul>
          {members.map((m) => (
            <li key={m.userId}>{m.email}</li>
          ))}
        </ul>
      )}
    </section>
  )
}
