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
import { useT } from '../i18n/i18n.tsx'
import { useOrg } from '../session.ts'
import { InviteLink } from './invite-form.tsx'

export function InvitationsPanel({ refresh }: { refresh: number }) {
  const t = useT()
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
      <summary>{t('invitations.title')}</summary>
      <DataTable
        caption={t('invitations.title')}
        rows={data.items}
        rowKey={(invitation) => invitation.id}
        empty={t('invitations.none')}
        columns={[
          { header: t('import.email'), cell: (invitation) => invitation.email },
          { header: t('invitations.sent'), cell: (invitation) => t.date(invitation.createdAt) },
          {
            header: t('invitations.link'),
            cell: (invitation) =>
              invitation.expired ? (
                <span class="warning">
                  {t('invitations.expired', { at: t.date(invitation.expiresAt) })}
                </span>
              ) : (
                t('invitations.works_until', { at: t.date(invitation.expiresAt) })
              ),
          },
          {
            header: t('invitations.action'),
            cell: (invitation) => (
              <button
                type="button"
                class="secondary"
                aria-label={t('invitations.resend_to', { email: invitation.email })}
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
                {t('invitations.resend')}
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
