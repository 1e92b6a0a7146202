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
import { formatDate } from '../components/status.tsx'
import { useOrg } from '../session.ts'

export function GroupsPage() {
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
      <h1>Groups</h1>
      <p>
        The groups your identity provider provisions through SCIM. They are read-only here: add and
        remove members at the IdP, and the change arrives with its next SCIM update.
      </p>
      <ErrorNote error={pages.error} />
      {pages.data !== undefined && (
        <DataTable
          caption="Groups"
          rows={pages.data.items}
          rowKey={(group) => group.id}
          empty="No groups yet: your IdP has not pushed any through SCIM."
          columns={[
            {
              header: 'Group',
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
            { header: 'Members', cell: (group) => group.memberCount },
            { header: 'IdP’s id', cell: (group) => group.externalId ?? '—' },
            { header: 'Last changed', cell: (group) => formatDate(group.updatedAt) },
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
      <h2 id="group-title">Members of {displayName}</h2>
      {members.length === 0 ? (
        <p>No members.</p>
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
