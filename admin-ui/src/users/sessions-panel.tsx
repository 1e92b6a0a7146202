/**
 * Where a user is signed in, as an admin sees it (issue 27): each session's browser, address, sign-in
 * and last activity, and "Sign out everywhere" — every session ends at once, the consoles are told.
 */
import { api, call } from '../api/client.ts'
import { useMutation, useQuery } from '../api/hooks.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { ErrorNote } from '../components/error-note.tsx'
import { formatDate } from '../components/status.tsx'
import { useOrg } from '../session.ts'

export function SessionsPanel({ userId, email }: { userId: string; email: string }) {
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
      <h3 id="user-sessions">Where they are signed in</h3>
      {data.sessions.length === 0 ? (
        <p>Not signed in anywhere.</p>
      ) : (
        <ul>
          {data.sessions.map((session) => (
            <li key={session.sid}>
              {session.userAgent ?? 'unknown browser'}
              {session.ip !== null && ` (${session.ip})`} · signed in{' '}
              {formatDate(session.createdAt)} · last active {formatDate(session.lastSeenAt)}
            </li>
          ))}
        </ul>
      )}
      {data.sessions.length > 0 && (
        <ConfirmButton
          label="Sign out everywhere"
          question={`End every session of ${email} now? The applications they use are told to sign them out too.`}
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
