/**
 * A user's two-step sign-in as an admin sees it (issue 25): their authenticator apps and passkeys (names
 * and when last used, never a secret), how many recovery codes are left, and a reset — everything
 * removed, audited, the user mailed — for a person who lost their phone.
 */
import { api, call } from '../api/client.ts'
import { useMutation, useQuery } from '../api/hooks.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { ErrorNote } from '../components/error-note.tsx'
import { useT } from '../i18n/i18n.tsx'
import { useOrg } from '../session.ts'

export function FactorsPanel({ userId, email }: { userId: string; email: string }) {
  const t = useT()
  const { orgId } = useOrg()
  const path = { path: { orgId, userId } }
  const factors = useQuery(
    () => call(api.GET('/api/v1/orgs/{orgId}/users/{userId}/factors', { params: path })),
    [orgId, userId],
  )
  const reset = useMutation()
  const data = factors.data
  if (data === undefined) return <ErrorNote error={factors.error} />
  const confirmed = data.factors.filter((factor) => factor.confirmed)
  return (
    <section aria-labelledby="user-factors">
      <h3 id="user-factors">{t('factors.title')}</h3>
      {confirmed.length === 0 ? (
        <p>{t('factors.none')}</p>
      ) : (
        <ul>
          {confirmed.map((factor) => (
            <li key={factor.id}>
              {factor.name} ({t(factor.kind === 'totp' ? 'factors.app' : 'factors.passkey')}) ·{' '}
              {t('factors.last_used', {
                at: factor.lastUsedAt === null ? t('common.never') : t.date(factor.lastUsedAt),
              })}
            </li>
          ))}
        </ul>
      )}
      <p>{t.count('factors.codes_left', data.recoveryCodesLeft)}</p>
      {(confirmed.length > 0 || data.recoveryCodesLeft > 0) && (
        <ConfirmButton
          label={t('factors.reset')}
          question={t('factors.reset_question', { email })}
          danger
          onConfirm={async () => {
            const done = await reset.run(() =>
              call(api.POST('/api/v1/orgs/{orgId}/users/{userId}/reset-factors', { params: path })),
            )
            if (done === undefined) return
            factors.set({ factors: [], recoveryCodesLeft: 0 })
          }}
        />
      )}
      <ErrorNote error={reset.error} />
    </section>
  )
}
