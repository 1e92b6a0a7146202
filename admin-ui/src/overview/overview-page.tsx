/**
 * Setup overview: where the organization stands on the way to SSO — domain added → verified → SSO profile
 * configured → connection tested → enforced — each step linking to where it is done, with what blocks it.
 */
import { api, call, type Schemas } from '../api/client.ts'
import { useQuery } from '../api/hooks.ts'
import { ErrorNote } from '../components/error-note.tsx'
import { useOrg, useSession } from '../session.ts'

interface Step {
  readonly title: string
  readonly done: boolean
  readonly href: string
  readonly blocking: string
}

export function steps(domains: Schemas['Domain'][], profiles: Schemas['SSOProfile'][]): Step[] {
  const verified = domains.filter((d) => d.status !== 'unverified')
  const configured = profiles.filter((p) => p.usable && p.domains.length > 0)
  const tested = configured.filter((p) => p.lastTest?.passed === true)
  const enforced = domains.filter((d) => d.enforced)
  return [
    {
      title: 'Add your email domain',
      done: domains.length > 0,
      href: '/admin/domains',
      blocking: 'No domain added yet.',
    },
    {
      title: 'Verify the domain (DNS TXT record)',
      done: verified.length > 0,
      href: '/admin/domains',
      blocking: 'Publish the TXT record shown for the domain, then press “Verify now”.',
    },
    {
      title: 'Configure an SSO profile for it',
      done: configured.length > 0,
      href: '/admin/sso',
      blocking:
        profiles.length === 0
          ? 'No SSO profile yet: create one and give the IdP its values.'
          : 'A profile needs the IdP’s entity ID, SSO URL and certificate (upload its metadata), and a verified domain to serve.',
    },
    {
      title: 'Test the connection',
      done: tested.length > 0,
      href: configured[0] === undefined ? '/admin/sso' : `/admin/sso/${configured[0].id}`,
      blocking: 'Run “Test connection” on the profile and sign in at your IdP.',
    },
    {
      title: 'Enforce SSO on the domain',
      done: enforced.length > 0,
      href: '/admin/enforcement',
      blocking: 'Choose the domains whose users must sign in with SSO.',
    },
  ]
}

export function OverviewPage() {
  const { orgId } = useOrg()
  const { features } = useSession()
  const sso = features.includes('sso')
  const overview = useQuery(async () => {
    const params = { params: { path: { orgId }, query: { limit: '100' } } }
    const [domains, profiles] = await Promise.all([
      call(api.GET('/api/v1/orgs/{orgId}/domains', params)),
      sso
        ? call(api.GET('/api/v1/orgs/{orgId}/sso-profiles', { params: { path: { orgId } } }))
        : Promise.resolve({ ssoProfiles: [] }),
    ])
    // Without SSO in the plan, the way ends at a verified domain.
    return sso
      ? steps(domains.domains, profiles.ssoProfiles)
      : steps(domains.domains, []).slice(0, 2)
  }, [orgId, sso])
  const state = overview.data
  const next = state?.find((s) => !s.done)
  return (
    <section>
      <h1>{sso ? 'Single sign-on setup' : 'Domain setup'}</h1>
      {!sso && (
        <p>Single sign-on is not in your plan: ask your provider (the application you use).</p>
      )}
      <ErrorNote error={overview.error} />
      {state !== undefined && (
        <>
          <p role="status">
            {next === undefined
              ? sso
                ? 'SSO is set up and enforced.'
                : 'Your domain is verified.'
              : `Next: ${next.title.toLowerCase()}.`}
          </p>
          <ol class="checklist">
            {state.map((step) => (
              <li key={step.title} class={step.done ? 'done' : 'todo'}>
                <span class="mark" aria-hidden="true">
                  {step.done ? '✓' : '○'}
                </span>
                <a href={step.href}>{step.title}</a>
                <span class="visually-hidden">{step.done ? ' (done)' : ' (to do)'}</span>
                {!step.done && <p class="blocking">{step.blocking}</p>}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  )
}
