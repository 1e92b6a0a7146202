/**
 * Step 2 of a profile: the IdP's metadata by file, pasted XML or URL (with its refresh status), what it
 * says (entity ID, sign-in URL, the pinned certificates with their expiry warnings), and a metadata
 * change held for approval, with its test and its rejection.
 */
import { useState } from 'preact/hooks'
import { api, call, send } from '../api/client.ts'
import { fieldsOf } from '../api/forms.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { useT } from '../i18n/i18n.tsx'
import type { ProfileEditing } from './profile-detail.tsx'
import type { Profile } from './profiles-page.tsx'

export function IdPMetadataPanel({
  profile,
  patch,
  show,
  change,
  path,
  title,
}: ProfileEditing & { title?: string }) {
  const t = useT()
  // Each way of loading metadata says it worked, and what it loaded (issue 27: an upload said nothing).
  const [loaded, setLoaded] = useState<string | null>(null)
  const confirm = (how: string, next: Profile) =>
    setLoaded(
      t.count('metadata.loaded', next.certificates.length, {
        how,
        entityId: next.idpEntityId ?? '',
      }),
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
    confirm(t('metadata.loaded_file', { file: file.name }), next)
  }
  return (
    <>
      <section class="panel" aria-labelledby="idp-title">
        <h2 id="idp-title">{title ?? t('metadata.title')}</h2>
        <form
          onSubmit={(event) => {
            event.preventDefault()
            const file = fieldsOf(event.currentTarget).file('file')
            if (file !== null) void upload(file)
          }}
        >
          <label for="idp-file">{t('metadata.file')}</label>
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
            {t('metadata.file_hint')}
          </p>
        </form>
        <form
          onSubmit={(event) => {
            event.preventDefault()
            const xml = fieldsOf(event.currentTarget).text('xml')
            if (xml === '') return
            setLoaded(null)
            void patch({ idpMetadataXml: xml }).then((ok) => {
              if (ok) setLoaded(t('metadata.loaded_pasted'))
            })
          }}
        >
          <label for="idp-xml">{t('metadata.paste')}</label>
          <textarea id="idp-xml" name="xml" rows={4} />
          <button type="submit" class="secondary">
            {t('metadata.use_pasted')}
          </button>
        </form>
        <form
          onSubmit={(event) => {
            event.preventDefault()
            setLoaded(null)
            void patch({ idpMetadataUrl: fieldsOf(event.currentTarget).optional('url') }).then(
              (ok) => {
                if (ok) setLoaded(t('metadata.saved_url'))
              },
            )
          }}
        >
          <label for="idp-url">{t('metadata.url')}</label>
          <input id="idp-url" name="url" type="url" defaultValue={profile.idpMetadata.url ?? ''} />
          <button type="submit" class="secondary">
            {t('metadata.use_url')}
          </button>
        </form>
        {loaded !== null && (
          <p class="notice" role="status">
            {loaded}
          </p>
        )}
        {profile.idpMetadata.url !== null && (
          <p class="meta">
            {t('metadata.last_fetched', { at: t.date(profile.idpMetadata.fetchedAt) })}
            {profile.idpMetadata.error !== null &&
              ` — ${t('metadata.refresh_failed', { error: profile.idpMetadata.error })}`}
          </p>
        )}
        <dl class="facts">
          <dt>{t('metadata.entity_id')}</dt>
          <dd>{profile.idpEntityId ?? '—'}</dd>
          <dt>{t('metadata.sso_url')}</dt>
          <dd>{profile.idpSsoUrl ?? '—'}</dd>
          <dt>{t('metadata.certificates')}</dt>
          <dd>
            {profile.certificates.length === 0
              ? t('metadata.none_yet')
              : profile.certificates.map((c) => (
                  <p key={c.sha256Fingerprint}>
                    {c.subject} — {t('metadata.valid_until', { at: t.date(c.notAfter) })}
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
          <h2 id="staged-title">{t('metadata.staged_title')}</h2>
          <p>{t('metadata.staged_text', { at: t.date(profile.stagedMetadata.at) })}</p>
          <ul>
            {profile.stagedMetadata.certificatesAdded.map((c) => (
              <li key={`a-${c}`}>{t('metadata.new_certificate', { fingerprint: c })}</li>
            ))}
            {profile.stagedMetadata.certificatesRemoved.map((c) => (
              <li key={`r-${c}`}>{t('metadata.removed_certificate', { fingerprint: c })}</li>
            ))}
            {profile.stagedMetadata.ssoUrl !== null && (
              <li>
                {t('metadata.url_change', {
                  from: profile.stagedMetadata.ssoUrl.from ?? '—',
                  to: profile.stagedMetadata.ssoUrl.to,
                })}
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
              {t('metadata.test_staged')}
            </button>
            <ConfirmButton
              label={t('metadata.reject')}
              question={t('metadata.reject_question')}
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
