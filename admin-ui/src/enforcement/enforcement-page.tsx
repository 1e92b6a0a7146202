/**
 * Enforcement (SPEC §4): choose the verified domains whose users must sign in with SSO; a preview says how
 * many users it affects and warns when no owner or admin would keep a way in, which needs an explicit
 * confirmation. A domain can be enforced only when its profile passed a connection test.
 */
import { useEffect, useState } from 'preact/hooks'
import { api, call, errorOf, type APIError } from '../api/client.ts'
import { ErrorNote } from '../components/error-note.tsx'
import { useOrg } from '../session.ts'

interface EnforcementState {
  domains: {
    id: string
    name: string
    status: string
    enforced: boolean
    ssoProfileId: string | null
    profileTested: boolean
  }[]
  affectedUsers: number
  lockoutRisk: boolean
}

export function EnforcementPage() {
  const { orgId } = useOrg()
  const [state, setState] = useState<EnforcementState | null>(null)
  const [chosen, setChosen] = useState<Set<string>>(new Set())
  const [preview, setPreview] = useState<EnforcementState | null>(null)
  const [acknowledged, setAcknowledged] = useState(false)
  const [error, setError] = useState<APIError | null>(null)
  const [saved, setSaved] = useState(false)

  const load = async () => {
    const data = (await call(
      api.GET('/api/v1/orgs/{orgId}/enforcement', { params: { path: { orgId } } }),
    )) as EnforcementState
    setState(data)
    setChosen(new Set(data.domains.filter((d) => d.enforced).map((d) => d.name)))
  }
  useEffect(() => {
    void load().catch((e: unknown) => setError(errorOf(e)))
  }, [])

  const put = async (dryRun: boolean) => {
    setError(null)
    setSaved(false)
    try {
      const result = (await call(
        api.PUT('/api/v1/orgs/{orgId}/enforcement', {
          params: { path: { orgId }, query: dryRun ? { dryRun: 'true' } : {} },
          body: {
            domains: [...chosen],
            ...(acknowledged ? { acknowledgeLockoutRisk: true } : {}),
          },
        }),
      )) as EnforcementState
      if (dryRun) setPreview(result)
      else {
        setPreview(null)
        setSaved(true)
        await load()
      }
    } catch (e) {
      setError(errorOf(e))
    }
  }

  return (
    <section>
      <h1>SSO enforcement</h1>
      <p>
        Users of an enforced domain must sign in with single sign-on (except those whose SSO setting
        says otherwise). Existing sessions are not ended.
      </p>
      {state !== null && (
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
            <label class="choice warning">
              <input
                type="checkbox"
                checked={acknowledged}
                onChange={(event) => setAcknowledged(event.currentTarget.checked)}
              />
              No owner or admin would keep a way to sign in with a password. I understand; if SSO
              breaks, the operator’s break-glass is the way back.
            </label>
          )}
        </div>
      )}
      {saved && (
        <p class="notice" role="status">
          Saved.
        </p>
      )}
      <ErrorNote error={error} />
    </section>
  )
}
