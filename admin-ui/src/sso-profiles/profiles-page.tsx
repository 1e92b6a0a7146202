/**
 * SSO profiles (SPEC §4): the list, where one is created; and one profile (`/admin/sso/:id`), in the
 * order an admin sets it up — the values for the IdP, the IdP's metadata, the domains it serves, the
 * connection test, the names mapping, its settings.
 */
import { useLocation, useRoute } from 'preact-iso'
import { api, call, type Schemas } from '../api/client.ts'
import { fieldsOf } from '../api/forms.ts'
import { useMutation, useQuery } from '../api/hooks.ts'
import { ErrorNote } from '../components/error-note.tsx'
import { Status } from '../components/status.tsx'
import { useT } from '../i18n/i18n.tsx'
import { useOrg } from '../session.ts'
import { ProfileDetail } from './profile-detail.tsx'

export type Profile = Schemas['SSOProfile']

export function ProfilesPage() {
  const { params } = useRoute()
  return params['id'] === undefined ? (
    <ProfileList />
  ) : (
    <ProfileDetail id={params['id']} tab={params['tab']} />
  )
}

function ProfileList() {
  const t = useT()
  const { orgId } = useOrg()
  const { route } = useLocation()
  const profiles = useQuery(
    async () =>
      (await call(api.GET('/api/v1/orgs/{orgId}/sso-profiles', { params: { path: { orgId } } })))
        .ssoProfiles,
    [orgId],
  )
  const create = useMutation()
  return (
    <section>
      <h1>{t('sso.title')}</h1>
      <p>{t('sso.intro')}</p>
      <form
        class="inline"
        onSubmit={async (event) => {
          event.preventDefault()
          const name = fieldsOf(event.currentTarget).text('name')
          const created = await create.run(() =>
            call(
              api.POST('/api/v1/orgs/{orgId}/sso-profiles', {
                params: { path: { orgId } },
                body: { name },
              }),
            ),
          )
          if (created !== undefined) route(`/admin/sso/${created.id}`)
        }}
      >
        <label for="profile-name">{t('sso.name')}</label>
        <input id="profile-name" name="name" required placeholder="Entra ID" />
        <button type="submit">{t('sso.create')}</button>
      </form>
      <ErrorNote error={create.error ?? profiles.error} />
      {profiles.data !== undefined && (
        <ul class="cards">
          {profiles.data.map((p) => (
            <li key={p.id}>
              <a href={`/admin/sso/${p.id}`}>{p.name}</a> <Status value={profileStatus(p)} />{' '}
              {p.lastTest?.passed === true ? (
                <span class="badge">{t('sso.tested')}</span>
              ) : (
                <span class="badge todo">{t('sso.not_tested')}</span>
              )}{' '}
              <span class="meta">{p.domains.join(', ') || t('sso.no_domain')}</span>{' '}
              <CertificateExpiry profile={p} />
            </li>
          ))}
          {profiles.data.length === 0 && <li>{t('sso.none')}</li>}
        </ul>
      )}
    </section>
  )
}

/**
 * What a profile's badge says: "active" only once it can sign people in — before the IdP's metadata is
 * loaded it says so (issue 27: "active" with nothing behind it read as done).
 */
export function profileStatus(profile: Pick<Profile, 'status' | 'usable'>): string {
  return profile.status === 'active' && !profile.usable ? 'needs IdP metadata' : profile.status
}

/** When the IdP's first signing certificate runs out, with its warning when it is near (issue 27). */
function CertificateExpiry({ profile }: { profile: Profile }) {
  const t = useT()
  const soonest = [...profile.certificates].sort((a, b) => a.notAfter.localeCompare(b.notAfter))[0]
  if (soonest === undefined) return null
  const warning = soonest.warnings[0]
  return (
    <span class={warning === undefined ? 'meta' : 'warning'}>
      {t('sso.certificate_until', { at: t.date(soonest.notAfter) })}
      {warning !== undefined && ` — ${warning}`}
    </span>
  )
}
