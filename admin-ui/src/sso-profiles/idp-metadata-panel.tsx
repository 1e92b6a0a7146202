/**
 * Step 2 of a profile: the IdP's metadata by file, pasted XML or URL (with its refresh status), what it
 * says (entity ID, sign-in URL, the pinned certificates with their expiry warnings), and a metadata
 * change held for approval, with its test and its rejection.
 */
import { useState } from 'preact/hooks'
import { api, call, send } from '../api/client.ts'
import { fieldsOf } from '../api/forms.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { formatDate } from '../components/status.tsx'
import type { ProfileEditing } from './profile-detail.tsx'
import type { Profile } from './profiles-page.tsx'

export function IdPMetadataPanel({
  profile,
  patch,
  show,
  change,
  path,
  title = '2. Load your identity provider’s metadata',
}: ProfileEditing & { title?: string }) {
  // Each way of loading metadata says it worked, and what it loaded (issue 27: an upload said nothing).
  const [loaded, setLoaded] = useState<string | null>(null)
  const confirm = (how: string, next: Profile) =>
    setLoaded(
      `${how}: the IdP ${next.idpEntityId ?? ''} with ${next.certificates.length} signing certificate${next.certificates.length === 1 ? '' : 's'}.`,
    )
  const metadataApi = `/api/v1/orgs/${encodeURIComponent(path.path.orgId)}/sso-profiles/${encodeURIComponent(profile.id)}`
  // A chosen file is loaded at once (issue 27: choosing it and then pressing Upload was one step too many).
  const upload = async (file: File) => {
    setLoaded(null)
    const next = await change.run(async () =>
      send<Profile>('PUT', `${metadataApi}/idp-metadata`, await file.text(), 'application/xml'),
    )
    if (next === undefined) return
    show(next)
    confirm(`Loaded ${file.name}`, next)
  }
  return (
    <>
      <section class="panel" aria-labelledby="idp-title">
        <h2 id="idp-title">{title}</h2>
        <form
          onSubmit={(event) => {
            event.preventDefault()
            const file = fieldsOf(event.currentTarget).file('file')
            if (file !== null) void upload(file)
          }}
        >
          <label for="idp-file">Metadata file (XML)</label>
          <input
            id="idp-file"
            name="file"
            type="file"
            accept=".xml,application/xml,text/xml"
            aria-describedby="idp-file-hint"
            required
            onChange={(event) => {
              const file = event.currentTarget.files?.[0]
              if (file !== undefined) void upload(file)
            }}
          />
          <p id="idp-file-hint" class="hint">
            The file is loaded as soon as you choose it.
          </p>
        </form>
        <form
          onSubmit={(event) => {
            event.preventDefault()
            const xml = fieldsOf(event.currentTarget).text('xml')
            if (xml === '') return
            setLoaded(null)
            void patch({ idpMetadataXml: xml }).then((ok) => {
              if (ok) setLoaded('Loaded the pasted metadata.')
            })
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
            setLoaded(null)
            void patch({ idpMetadataUrl: fieldsOf(event.currentTarget).optional('url') }).then(
              (ok) => {
                if (ok) setLoaded('Saved the metadata URL; it is fetched now and every hour.')
              },
            )
          }}
        >
          <label for="idp-url">Or a metadata URL (refreshed every hour)</label>
          <input id="idp-url" name="url" type="url" defaultValue={profile.idpMetadata.url ?? ''} />
          <button type="submit" class="secondary">
            Use this URL
          </button>
        </form>
        {loaded !== null && (
          <p class="notice" role="status">
            {loaded}
          </p>
        )}
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
                const started = await change.run(() =>
                  call(
                    api.POST('/api/v1/orgs/{orgId}/sso-profiles/{profileId}/staged-metadata/test', {
                      params: path,
                    }),
                  ),
                )
                if (started !== undefined) window.location.assign(started.testUrl)
              }}
            >
              Test the new metadata (approves it if it passes)
            </button>
            <ConfirmButton
              label="Reject"
              question="Reject the new metadata? The profile keeps what it uses now."
              danger
              onConfirm={async () => {
                const next = await change.run(() =>
                  call(
                    api.POST(
                      '/api/v1/orgs/{orgId}/sso-profiles/{profileId}/staged-metadata/reject',
                      { params: path },
                    ),
                  ),
                )
                if (next !== undefined) show(next)
              }}
            />
          </div>
        </section>
      )}
    </>
  )
}
