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
import { useOrg } from '../session.ts'

/** What the enforcement resource answers (its schema has no name in the OpenAPI document). */
type EnforcementState = Awaited<ReturnType<typeof loadEnforcement>>

function loadEnforcement(orgId: string) {
  return call(api.GET('/api/v1/orgs/{orgId}/enforcement', { params: { path: { orgId } } }))
}

export function EnforcementPage() {
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
      <h1>SSO enforcement</h1>
      <p>
        Users of an enforced domain must sign in with single sign-on (except those whose SSO setting
        says otherwise). Existing sessions are not ended.
      </p>
      {state !== undefined && (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            void put(false)
          }}
        >
          <fieldset>
            <legend>Enforced domains</legend>
            {state.domains.length === 0 && <p>No domains yet: add and verify one first.</p>}
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
                        ? 'verify it first'
                        : domain.ssoProfileId === null
                          ? 'no SSO profile serves it'
                          : 'its profile has not passed a connection test'}
                    </span>
                  )}
                </label>
              )
            })}
          </fieldset>
          <div class="actions">
            <button type="button" class="secondary" onClick={() => void put(true)}>
              Preview
            </button>
            <button type="submit">Save</button>
          </div>
        </form>
      )}
      {preview !== null && (
        <div class="notice" role="status">
          <p>
            {preview.affectedUsers} user{preview.affectedUsers === 1 ? '' : 's'} would have to sign
            in with SSO.
          </p>
          {preview.lockoutRisk && (
            <LockoutAcknowledgement checked={acknowledged} onChange={setAcknowledged} />
          )}
        </div>
      )}
      {saved !== null && (
        <p class="notice" role="status">
          {savedSummary(saved)}
        </p>
      )}
      <ErrorNote error={change.error ?? enforcement.error} />
    </section>
  )
}

/** What a save did, in words: which domains are enforced now and how many people that moves to SSO. */
function savedSummary(state: EnforcementState): string {
  const enforced = state.domains.filter((d) => d.enforced).map((d) => d.name)
  if (enforced.length === 0)
    return 'Saved. SSO is not enforced for any domain: everyone may use a password.'
  const users = `${state.affectedUsers} user${state.affectedUsers === 1 ? '' : 's'}`
  return `Saved. SSO is enforced for ${enforced.join(', ')}: ${users} now sign in with SSO (those whose SSO setting says otherwise keep their way in).`
}
