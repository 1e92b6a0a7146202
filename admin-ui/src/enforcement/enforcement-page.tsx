/**
 * Enforcement (SPEC §4): choose the verified domains whose users must sign in with SSO; a preview says how
 * many users it affects and warns when no owner or admin would keep a way in, which needs an explicit
 * confirmation. A domain can be enforced only when its profile passed a connection test.
 */
import { useState } from 'preact/hooks'
import { api, call } from '../api/client.ts'
import { useMutation, useQuery } from '../api/hooks.ts'
import { ErrorNote } from '../components/error-note.tsx'
import { LockoutAcknowledgement } from '../components/lockout-acknowledgement.tsx'
import { Status } from '../components/status.tsx'
import { useT, type Translator } from '../i18n/i18n.tsx'
import { useOrg } from '../session.ts'

/** What the enforcement resource answers (its schema has no name in the OpenAPI document). */
type EnforcementState = Awaited<ReturnType<typeof loadEnforcement>>

function loadEnforcement(orgId: string) {
  return call(api.GET('/api/v1/orgs/{orgId}/enforcement', { params: { path: { orgId } } }))
}

export function EnforcementPage() {
  const t = useT()
  const { orgId } = useOrg()
  const [chosen, setChosen] = useState<Set<string>>(new Set())
  const [preview, setPreview] = useState<EnforcementState | null>(null)
  const [acknowledged, setAcknowledged] = useState(false)
  const [saved, setSaved] = useState<EnforcementState | null>(null)
  const enforcement = useQuery(async () => {
    const data = await loadEnforcement(orgId)
    setChosen(new Set(data.domains.filter((d) => d.enforced).map((d) => d.name)))
    return data
  }, [orgId])
  const change = useMutation()
  const state = enforcement.data

  const put = async (dryRun: boolean) => {
    setSaved(null)
    const result = await change.run(() =>
      call(
        api.PUT('/api/v1/orgs/{orgId}/enforcement', {
          params: { path: { orgId }, query: dryRun ? { dryRun: 'true' } : {} },
          body: {
            domains: [...chosen],
            ...(acknowledged && { acknowledgeLockoutRisk: true }),
          },
        }),
      ),
    )
    if (result === undefined) return
    if (dryRun) setPreview(result)
    else {
      setPreview(null)
      setSaved(result)
      await enforcement.reload()
    }
  }

  return (
    <section>
      <h1>{t('enforcement.title')}</h1>
      <p>{t('enforcement.intro')}</p>
      {state !== undefined && (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            void put(false)
          }}
        >
          <fieldset>
            <legend>{t('enforcement.domains')}</legend>
            {state.domains.length === 0 && <p>{t('enforcement.no_domains')}</p>}
            {state.domains.map((domain) => {
              const usable = domain.status !== 'unverified' && domain.profileTested
              return (
                <label key={domain.id} class="choice">
                  <input
                    type="checkbox"
                    checked={chosen.has(domain.name)}
                    disabled={!usable && !domain.enforced}
                    onChange={(event) => {
                      const next = new Set(chosen)
                      if (event.currentTarget.checked) next.add(domain.name)
                      else next.delete(domain.name)
                      setChosen(next)
                      setPreview(null)
                      setAcknowledged(false)
                    }}
                  />
                  {domain.name}
                  {domain.enforced && (
                    <>
                      {' '}
                      <Status value="enforced" />
                    </>
                  )}
                  {!usable && (
                    <span class="hint">
                      {' '}
                      —{' '}
                      {domain.status === 'unverified'
                        ? t('enforcement.verify_first')
                        : domain.ssoProfileId === null
                          ? t('enforcement.no_profile')
                          : t('enforcement.not_tested')}
                    </span>
                  )}
                </label>
              )
            })}
          </fieldset>
          <div class="actions">
            <button type="button" class="secondary" onClick={() => void put(true)}>
              {t('enforcement.preview')}
            </button>
            <button type="submit">{t('common.save')}</button>
          </div>
        </form>
      )}
      {preview !== null && (
        <div class="notice" role="status">
          <p>{t.count('enforcement.would_move', preview.affectedUsers)}</p>
          {preview.lockoutRisk && (
            <LockoutAcknowledgement checked={acknowledged} onChange={setAcknowledged} />
          )}
        </div>
      )}
      {saved !== null && (
        <p class="notice" role="status">
          {savedSummary(saved, t)}
        </p>
      )}
      <ErrorNote error={change.error ?? enforcement.error} />
    </section>
  )
}

/** What a save did, in words: which domains are enforced now and how many people that moves to SSO. */
function savedSummary(state: EnforcementState, t: Translator): string {
  const enforced = state.domains.filter((d) => d.enforced).map((d) => d.name)
  if (enforced.length === 0) return t('enforcement.saved_none')
  return t.count('enforcement.saved', state.affectedUsers, { domains: enforced.join(', ') })
}
