/**
 * Invitations not accepted yet (issue 27: they were API-only): who, when each link expires or that it
 * has, and "Send a new invitation" (the old link dies; the new one is emailed, or shown once to pass on).
 */
import { useState } from 'preact/hooks'
import { api, call } from '../api/client.ts'
import { useCursorPages, useMutation } from '../api/hooks.ts'
import { DataTable } from '../components/data-table.tsx'
import { ErrorNote } from '../components/error-note.tsx'
import { Pager } from '../components/pager.tsx'
import { formatDate } from '../components/status.tsx'
import { useOrg } from '../session.ts'
import { InviteLink } from './invite-form.tsx'

export function InvitationsPanel({ refresh }: { refresh: number }) {
  const { orgId } = useOrg()
  const resend = useMutation()
  const [sent, setSent] = useState<{ email: string; link: string; delivery: string } | null>(null)
  const pages = useCursorPages(
    async (cursor) => {
      const query = { limit: '20', ...(cursor === undefined ? {} : { cursor }) }
      const data = await call(
        api.GET('/api/v1/orgs/{orgId}/invitations', { params: { path: { orgId }, query } }),
      )
      return { items: data.invitations, next: data.nextCursor }
    },
    [refresh],
  )
  const data = pages.data
  if (data === undefined) return <ErrorNote error={pages.error} />
  if (data.items.length === 0 && !pages.hasPrevious) return null
  return (
    <details class="panel" open={data.items.some((i) => i.expired)}>
      <summary>Invitations not accepted yet</summary>
      <DataTable
        caption="Invitations not accepted yet"
        rows={data.items}
        rowKey={(invitation) => invitation.id}
        empty="None."
        columns={[
          { header: 'Email', cell: (invitation) => invitation.email },
          { header: 'Sent', cell: (invitation) => formatDate(invitation.createdAt) },
          {
            header: 'Link',
            cell: (invitation) =>
              invitation.expired ? (
                <span class="warning">expired {formatDate(invitation.expiresAt)}</span>
              ) : (
                `works until ${formatDate(invitation.expiresAt)}`
              ),
          },
          {
            header: 'Action',
            cell: (invitation) => (
              <button
                type="button"
                class="secondary"
                aria-label={`Send a new invitation to ${invitation.email}`}
                onClick={async () => {
                  const made = await resend.run(() =>
                    call(
                      api.POST('/api/v1/orgs/{orgId}/users/{userId}/invitation', {
                        params: { path: { orgId, userId: invitation.userId } },
                      }),
                    ),
                  )
                  if (made === undefined) return
                  setSent({
                    email: invitation.email,
                    link: made.inviteUrl,
                    delivery: made.emailDelivery,
                  })
                  void pages.reload()
                }}
              >
                Send a new invitation
              </button>
            ),
          },
        ]}
      />
      <Pager
        hasPrevious={pages.hasPrevious}
        hasNext={pages.hasNext}
        onPrevious={pages.previous}
        onNext={pages.next}
      />
      <ErrorNote error={resend.error} />
      {sent !== null && <InviteLink {...sent} />}
    </details>
  )
}
