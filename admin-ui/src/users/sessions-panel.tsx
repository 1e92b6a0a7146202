/**
 * Where a user is signed in, as an admin sees it (issue 27): each session's browser, address, sign-in
 * and last activity, and "Sign out everywhere" — every session ends at once, the consoles are told.
 */
import { api, call } from '../api/client.ts'
import { useMutation, useQuery } from '../api/hooks.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { ErrorNote } from '../components/error-note.tsx'
import { useT } from '../i18n/i18n.tsx'
import { useOrg } from '../session.ts'

export function SessionsPanel({ userId, email }: { userId: string; email: string }) {
  const t = useT()
  const { orgId } = useOrg()
  const path = { path: { orgId, userId } }
  const sessions = useQuery(
    () => call(api.GET('/api/v1/orgs/{orgId}/users/{userId}/sessions', { params: path })),
    [orgId, userId],
  )
  const signOut = useMutation()
  const data = sessions.data
  if (data === undefined) return <ErrorNote error={sessions.error} />
  return (
    <section aria-labelledby="user-sessions">
      <h3 id="user-sessions">{t('sessions.title')}</h3>
      {data.sessions.length === 0 ? (
        <p>{t('sessions.none')}</p>
      ) : (
        <ul>
          {data.sessions.map((session) => (
            <li key={session.sid}>
              {session.userAgent ?? t('sessions.unknown_browser')}
              {session.ip !== null && ` (${session.ip})`} ·{' '}
              {t('sessions.since', {
                at: t.date(session.createdAt),
                seen: t.date(session.lastSeenAt),
              })}
            </li>
          ))}
        </ul>
      )}
      {data.sessions.length > 0 && (
        <ConfirmButton
          label={t('sessions.sign_out')}
          question={t('sessions.sign_out_question', { email })}
          danger
          onConfirm={async () => {
            const done = await signOut.run(() =>
              call(api.POST('/api/v1/orgs/{orgId}/users/{userId}/sign-out', { params: path })),
            )
            if (done !== undefined) sessions.set({ sessions: [] })
          }}
        />
      )}
      <ErrorNote error={signOut.error} />
    </section>
  )
}
