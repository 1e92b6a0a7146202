/**
 * Right after a passed connection test (issue 27): "Enforce SSO for example.com" on the profile page,
 * with what it would do — how many people it moves to SSO, and the warning when no owner or admin would
 * keep a password — from the enforcement dry run, confirmed in one step.
 */
import { useState } from 'preact/hooks'
import { api, call } from '../api/client.ts'
import { useMutation, useQuery } from '../api/hooks.ts'
import { ErrorNote } from '../components/error-note.tsx'
import { LockoutAcknowledgement } from '../components/lockout-acknowledgement.tsx'
import { useT } from '../i18n/i18n.tsx'
import { useOrg } from '../session.ts'
import type { Profile } from './profiles-page.tsx'

export function EnforceHere({
  profile,
  onEnforced,
}: {
  profile: Profile
  /** Called once the enforcement is saved (the set-up flow reads where it stands again). */
  onEnforced?: () => void
}) {
  const t = useT()
  const { orgId } = useOrg()
  const path = { params: { path: { orgId } } }
  const state = useQuery(() => call(api.GET('/api/v1/orgs/{orgId}/enforcement', path)), [orgId])
  const change = useMutation()
  const [acknowledged, setAcknowledged] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  const current = state.data
  if (profile.lastTest?.passed !== true || current === undefined) return null
  const enforced = current.domains.filter((d) => d.enforced).map((d) => d.name)
  const adding = profile.domains.filter((name) => !enforced.includes(name))
  if (adding.length === 0 && done === null) return null
  const target = [...enforced, ...adding]
  const put = (dryRun: boolean) =>
    change.run(() =>
      call(
        api.PUT('/api/v1/orgs/{orgId}/enforcement', {
          params: { path: { orgId }, query: dryRun ? { dryRun: 'true' } : {} },
          body: { domains: target, ...(acknowledged && { acknowledgeLockoutRisk: true }) },
        }),
      ),
    )
  return (
    <section class="panel" aria-labelledby="enforce-here-title">
      <h2 id="enforce-here-title">{t('enforce_here.title')}</h2>
      {done !== null ? (
        <p class="notice" role="status">
          {done}
        </p>
      ) : (
        <DryRun
          key={target.join(',')}
          run={() => put(true)}
          render={(preview) => (
            <form
              onSubmit={async (event) => {
                event.preventDefault()
                const saved = await put(false)
                if (saved === undefined) return
                setDone(
                  t.count('enforce_here.done', saved.affectedUsers, { domains: adding.join(', ') }),
                )
                void state.reload()
                onEnforced?.()
              }}
            >
              <p>
                {t.count('enforce_here.would', preview.affectedUsers, {
                  domains: adding.join(', '),
                })}
              </p>
              {preview.lockoutRisk && (
                <LockoutAcknowledgement checked={acknowledged} onChange={setAcknowledged} />
              )}
              <button type="submit" disabled={preview.lockoutRisk && !acknowledged}>
                {t('enforce_here.button', { domains: adding.join(', ') })}
              </button>
            </form>
          )}
        />
      )}
      <ErrorNote error={change.error ?? state.error} />
    </section>
  )
}

type Preview = { affectedUsers: number; lockoutRisk: boolean }

/** Runs the dry run once when shown, then renders what it said. */
function DryRun(props: {
  run: () => Promise<Preview | undefined>
  render: (preview: Preview) => preact.ComponentChildren
}) {
  const preview = useQuery(async () => (await props.run()) ?? null, [])
  if (preview.data === undefined || preview.data === null) return null
  return <>{props.render(preview.data)}</>
}
