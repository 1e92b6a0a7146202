/**
 * SSO profiles (SPEC §4): list and create; for one profile, the values to give the IdP (copy buttons,
 * metadata download), the IdP's metadata by file, pasted XML or URL (with its refresh status), the pinned
 * certificates with expiry warnings, the domains it serves, edit and delete, and the connection test with
 * the last result.
 */
import { MappingPanel } from './mapping-panel.tsx'
import { useRoute, useLocation } from 'preact-iso'
import { useEffect, useState } from 'preact/hooks'
import { api, call, errorOf, send, type APIError, type Schemas } from '../api/client.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { CopyField } from '../components/copy-field.tsx'
import { ErrorNote } from '../components/error-note.tsx'
import { Status, formatDate } from '../components/status.tsx'
import { useOrg } from '../session.ts'

type Profile = Schemas['SSOProfile']

export function ProfilesPage() {
  const { params } = useRoute()
  return params['id'] === undefined ? <ProfileList /> : <ProfileDetail id={params['id']} />
}

function ProfileList() {
  const { orgId } = useOrg()
  const { route } = useLocation()
  const [profiles, setProfiles] = useState<Profile[] | null>(null)
  const [error, setError] = useState<APIError | null>(null)
  useEffect(() => {
    void call(api.GET('/api/v1/orgs/{orgId}/sso-profiles', { params: { path: { orgId } } }))
      .then((data) => setProfiles(data.ssoProfiles))
      .catch((e: unknown) => setError(errorOf(e)))
  }, [])
  return (
    <section>
      <h1>SSO profiles</h1>
      <p>
        An SSO profile connects one identity provider (Entra ID, Okta, …). Create one, give the IdP
        its values, then load the IdP’s metadata here and test the connection.
      </p>
      <form
        class="inline"
        onSubmit={async (event) => {
          event.preventDefault()
          setError(null)
          try {
            const created = await call(
              api.POST('/api/v1/orgs/{orgId}/sso-profiles', {
                params: { path: { orgId } },
                body: { name: String(new FormData(event.currentTarget).get('name') ?? '').trim() },
              }),
            )
            route(`/admin/sso/${created.id}`)
          } catch (e) {
            setError(errorOf(e))
          }
        }}
      >
        <label for="profile-name">Name</label>
        <input id="profile-name" name="name" required placeholder="Entra ID" />
        <button type="submit">Create profile</button>
      </form>
      <ErrorNote error={error} />
      {profiles !== null && (
        <ul class="cards">
          {profiles.map((p) => (
            <li key={p.id}>
              <a href={`/admin/sso/${p.id}`}>{p.name}</a> <Status value={p.status} />{' '}
              {p.lastTest?.passed === true ? (
                <span class="badge">tested</span>
              ) : (
                <span class="badge todo">not tested</span>
              )}{' '}
              <span class="meta">{p.domains.join(', ') || 'serves no domain'}</span>
            </li>
          ))}
          {profiles.length === 0 && <li>No profiles yet.</li>}
        </ul>
      )}
    </section>
  )
}

function ProfileDetail({ id }: { id: string }) {
  const { orgId } = useOrg()
  const { route } = useLocation()
  const [profile, setProfile] = useState<Profile | null>(null)
  const [domains, setDomains] = useState<string[]>([])
  const [error, setError] = useState<APIError | null>(null)
  const path = { path: { orgId, profileId: id } }
  const load = async () => {
    const [p, d] = await Promise.all([
      call(api.GET('/api/v1/orgs/{orgId}/sso-profiles/{profileId}', { params: path })),
      call(
        api.GET('/api/v1/orgs/{orgId}/domains', {
          params: { path: { orgId }, query: { limit: '100' } },
        }),
      ),
    ])
    setProfile(p)
    setDomains(d.domains.filter((x) => x.status !== 'unverified').map((x) => x.name))
  }
  useEffect(() => {
    void load().catch((e: unknown) => setError(errorOf(e)))
  }, [id])
  const patch = async (body: Record<string, unknown>) => {
    setError(null)
    try {
      setProfile(
        await call(
          api.PATCH('/api/v1/orgs/{orgId}/sso-profiles/{profileId}', {
            params: path,
            body: body as never,
          }),
        ),
      )
    } catch (e) {
      setError(errorOf(e))
    }
  }
  if (profile === null) return <ErrorNote error={error} />
  const metadataApi = `/api/v1/orgs/${encodeURIComponent(orgId)}/sso-profiles/${encodeURIComponent(id)}`
  return (
    <section>
      <p>
        <a href="/admin/sso">← All SSO profiles</a>
      </p>
      <h1>
        {profile.name} <Status value={profile.status} />
      </h1>
      <ErrorNote error={error} />
      {profile.warnings.map((w) => (
        <p key={w.code} class="warning" role="status">
          {w.message}
        </p>
      ))}

      <section class="panel" aria-labelledby="sp-title">
        <h2 id="sp-title">1. Give these values to your identity provider</h2>
        <CopyField
          id="sp-entity"
          label="Identifier (Entity ID / Audience URI)"
          value={profile.sp.entityId}
        />
        <CopyField
          id="sp-acs"
          label="Reply URL (Assertion Consumer Service URL)"
          value={profile.sp.acsUrl}
        />
        <CopyField id="sp-metadata" label="SP metadata URL" value={profile.sp.metadataUrl} />
        <p>
          <a href={profile.sp.metadataUrl} download={`portcullis-${profile.id}.xml`}>
            Download SP metadata (XML, with the signing certificate)
          </a>
        </p>
        <p class="hint">
          The NameID must be the user’s email address (format emailAddress or unspecified).
        </p>
      </section>

      <section class="panel" aria-labelledby="idp-title">
        <h2 id="idp-title">2. Load your identity provider’s metadata</h2>
        <form
          onSubmit={async (event) => {
            event.preventDefault()
            const file = (new FormData(event.currentTarget).get('file') as File | null) ?? null
            if (file === null || file.size === 0) return
            setError(null)
            try {
              setProfile(
                await send<Profile>(
                  'PUT',
                  `${metadataApi}/idp-metadata`,
                  await file.text(),
                  'application/xml',
                ),
              )
            } catch (e) {
              setError(errorOf(e))
            }
          }}
        >
          <label for="idp-file">Metadata file (XML)</label>
          <input
            id="idp-file"
            name="file"
            type="file"
            accept=".xml,application/xml,text/xml"
            required
          />
          <button type="submit">Upload</button>
        </form>
        <form
          onSubmit={(event) => {
            event.preventDefault()
            const xml = String(new FormData(event.currentTarget).get('xml') ?? '').trim()
            if (xml !== '') void patch({ idpMetadataXml: xml })
          }}
        >
          <label for="idp-xml">Or paste the metadata XML</label>
          <textarea id="idp-xml" name="xml" rows={4} />
          <button type="submit" class="secondary">
            Use pasted XML
          </button>
        </form>
        <form
          onSubmit={(event) => {
            event.preventDefault()
            const url = String(new FormData(event.currentTarget).get('url') ?? '').trim()
            void patch({ idpMetadataUrl: url === '' ? null : url })
          }}
        >
          <label for="idp-url">Or a metadata URL (refreshed every hour)</label>
          <input id="idp-url" name="url" type="url" defaultValue={profile.idpMetadata.url ?? ''} />
          <button type="submit" class="secondary">
            Use this URL
          </button>
        </form>
        {profile.idpMetadata.url !== null && (
          <p class="meta">
            Last fetched {formatDate(profile.idpMetadata.fetchedAt)}
            {profile.idpMetadata.error !== null &&
              ` — last refresh failed: ${profile.idpMetadata.error}`}
          </p>
        )}
        <dl class="facts">
          <dt>IdP entity ID</dt>
          <dd>{profile.idpEntityId ?? '—'}</dd>
          <dt>IdP sign-in URL</dt>
          <dd>{profile.idpSsoUrl ?? '—'}</dd>
          <dt>Signing certificates</dt>
          <dd>
            {profile.certificates.length === 0
              ? 'none yet'
              : profile.certificates.map((c) => (
                  <p key={c.sha256Fingerprint}>
                    {c.subject} — valid until {formatDate(c.notAfter)}
                    {c.warnings.map((w) => (
                      <span key={w} class="warning">
                        {' '}
                        {w}
                      </span>
                    ))}
                  </p>
                ))}
          </dd>
        </dl>
      </section>

      {profile.stagedMetadata?.status === 'pending' && (
        <section class="panel" aria-labelledby="staged-title">
          <h2 id="staged-title">A metadata change is waiting for you</h2>
          <p>
            The IdP published new metadata on {formatDate(profile.stagedMetadata.at)}. It is not
            used until a connection test of it passes.
          </p>
          <ul>
            {profile.stagedMetadata.certificatesAdded.map((c) => (
              <li key={`a-${c}`}>New certificate {c}</li>
            ))}
            {profile.stagedMetadata.certificatesRemoved.map((c) => (
              <li key={`r-${c}`}>Certificate removed {c}</li>
            ))}
            {profile.stagedMetadata.ssoUrl !== null && (
              <li>
                Sign-in URL {profile.stagedMetadata.ssoUrl.from} →{' '}
                {profile.stagedMetadata.ssoUrl.to}
              </li>
            )}
          </ul>
          <div class="actions">
            <button
              type="button"
              onClick={async () => {
                try {
                  const started = await call(
                    api.POST('/api/v1/orgs/{orgId}/sso-profiles/{profileId}/staged-metadata/test', {
                      params: path,
                    }),
                  )
                  window.location.assign(started.testUrl)
                } catch (e) {
                  setError(errorOf(e))
                }
              }}
            >
              Test the new metadata (approves it if it passes)
            </button>
            <ConfirmButton
              label="Reject"
              question="Reject the new metadata? The profile keeps what it uses now."
              danger
              onConfirm={async () => {
                try {
                  setProfile(
                    (await call(
                      api.POST(
                        '/api/v1/orgs/{orgId}/sso-profiles/{profileId}/staged-metadata/reject',
                        { params: path },
                      ),
                    )) as Profile,
                  )
                } catch (e) {
                  setError(errorOf(e))
                }
              }}
            />
          </div>
        </section>
      )}

      <section class="panel" aria-labelledby="domains-title">
        <h2 id="domains-title">3. Domains this profile serves</h2>
        <form
          onSubmit={(event) => {
            event.preventDefault()
            const data = new FormData(event.currentTarget)
            void patch({ domains: data.getAll('domain').map(String) })
          }}
        >
          {domains.length === 0 && <p>Verify a domain first.</p>}
          {domains.map((name) => (
            <label key={name} class="choice">
              <input
                type="checkbox"
                name="domain"
                value={name}
                defaultChecked={profile.domains.includes(name)}
              />
              {name}
            </label>
          ))}
          <button type="submit" class="secondary">
            Save domains
          </button>
        </form>
      </section>

      <section class="panel" aria-labelledby="test-title">
        <h2 id="test-title">4. Test the connection</h2>
        <p>
          Opens your identity provider: sign in there, and the result shows what it sent. Nobody is
          signed in by a test.
        </p>
        <button
          type="button"
          disabled={!profile.usable}
          onClick={async () => {
            setError(null)
            try {
              const started = await call(
                api.POST('/api/v1/orgs/{orgId}/sso-profiles/{profileId}/test', { params: path }),
              )
              window.location.assign(started.testUrl)
            } catch (e) {
              setError(errorOf(e))
            }
          }}
        >
          Test connection
        </button>
        {!profile.usable && <p class="hint">Load the IdP’s metadata first.</p>}
        <LastTest test={profile.lastTest} />
      </section>

      <MappingPanel profile={profile} patch={patch} />

      <section class="panel" aria-labelledby="settings-title">
        <h2 id="settings-title">Settings</h2>
        <form
          onSubmit={(event) => {
            event.preventDefault()
            const data = new FormData(event.currentTarget)
            void patch({
              name: String(data.get('name') ?? '').trim(),
              signRequests: data.get('signRequests') === 'on',
              signaturePolicy: String(data.get('signaturePolicy')),
              metadataChangePolicy: String(data.get('metadataChangePolicy')),
              clockSkewSeconds: Number(data.get('clockSkewSeconds')),
              status: data.get('disabled') === 'on' ? 'disabled' : 'active',
            })
          }}
        >
          <label for="set-name">Name</label>
          <input id="set-name" name="name" defaultValue={profile.name} required />
          <label class="choice">
            <input type="checkbox" name="signRequests" defaultChecked={profile.signRequests} />
            Sign authentication requests
          </label>
          <label for="set-policy">Signatures required</label>
          <select id="set-policy" name="signaturePolicy" defaultValue={profile.signaturePolicy}>
            <option value="assertion">The assertion</option>
            <option value="both">The assertion and the response</option>
          </select>
          <label for="set-changes">
            When the IdP’s metadata changes (certificates, sign-in URL)
          </label>
          <select
            id="set-changes"
            name="metadataChangePolicy"
            defaultValue={profile.metadataChangePolicy}
          >
            <option value="apply">Use it at once (administrators are emailed)</option>
            <option value="hold">Hold it until a connection test of it passes</option>
          </select>
          <label for="set-skew">Allowed clock difference with the IdP (seconds)</label>
          <input
            id="set-skew"
            name="clockSkewSeconds"
            type="number"
            min={0}
            max={300}
            defaultValue={String(profile.clockSkewSeconds)}
          />
          <label class="choice">
            <input type="checkbox" name="disabled" defaultChecked={profile.status === 'disabled'} />
            Disabled
          </label>
          <button type="submit">Save settings</button>
        </form>
        <ConfirmButton
          label="Delete profile"
          question={`Delete the profile “${profile.name}”? Users it signs in will need another way in.`}
          danger
          onConfirm={async () => {
            try {
              await call(
                api.DELETE('/api/v1/orgs/{orgId}/sso-profiles/{profileId}', { params: path }),
              )
              route('/admin/sso')
            } catch (e) {
              setError(errorOf(e))
            }
          }}
        />
      </section>
    </section>
  )
}

/** The last connection test: passed or not, when, and what the IdP sent or which check failed. */
function LastTest({ test }: { test: Profile['lastTest'] }) {
  if (test === null) return <p>Not tested yet.</p>
  const result = test.result as Record<string, unknown>
  const failures = (result['failures'] ?? result['errors']) as unknown
  return (
    <div class={test.passed ? 'notice' : 'error'} role="status">
      <p>
        {test.passed ? 'Passed' : 'Failed'} on {formatDate(test.at)}.
      </p>
      <dl class="facts">
        {Object.entries(result)
          .filter(
            ([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean',
          )
          .map(([k, v]) => (
            <>
              <dt key={`${k}-t`}>{k}</dt>
              <dd key={`${k}-d`}>{String(v)}</dd>
            </>
          ))}
      </dl>
      {failures !== undefined && <pre>{JSON.stringify(failures, null, 2)}</pre>}
      <details>
        <summary>Everything the test recorded</summary>
        <pre>{JSON.stringify(result, null, 2)}</pre>
      </details>
    </div>
  )
}
