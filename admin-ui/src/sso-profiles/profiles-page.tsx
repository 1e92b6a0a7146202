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
import { formatDate, Status } from '../components/status.tsx'
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
      <h1>SSO profiles</h1>
      <p>
        An SSO profile connects one identity provider (Entra ID, Okta, …). Create one, give the IdP
        its values, then load the IdP’s metadata here and test the connection.
      </p>
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
        <label for="profile-name">Name</label>
        <input id="profile-name" name="name" required placeholder="Entra ID" />
        <button type="submit">Create profile</button>
      </form>
      <ErrorNote error={create.error ?? profiles.error} />
      {profiles.data !== undefined && (
        <ul class="cards">
          {profiles.data.map((p) => (
            <li key={p.id}>
              <a href={`/admin/sso/${p.id}`}>{p.name}</a> <Status value={profileStatus(p)} />{' '}
              {p.lastTest?.passed === true ? (
                <span class="badge">tested</span>
              ) : (
                <span class="badge todo">not tested</span>
              )}{' '}
              <span class="meta">{p.domains.join(', ') || 'serves no domain'}</span>{' '}
              <CertificateExpiry profile={p} />
            </li>
          ))}
          {profiles.data.length === 0 && <li>No profiles yet.</li>}
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
  const soonest = [...profile.certificates].sort((a, b) => a.notAfter.localeCompare(b.notAfter))[0]
  if (soonest === undefined) return null
  const warning = soonest.warnings[0]
  return (
    <span class={warning === undefined ? 'meta' : 'warning'}>
      IdP certificate valid until {formatDate(soonest.notAfter)}
      {warning !== undefined && ` — ${warning}`}
    </span>
  )
}
