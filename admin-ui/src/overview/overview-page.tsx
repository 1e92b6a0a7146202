/**
 * The overview: with SSO in the plan, the guided set-up (`SetupFlow`: domain → IdP → its guide and
 * metadata → test → enforce, the current step open right here); without it, the way to a verified domain,
 * each step linking to where it is done, with what blocks it.
 */
import { api, call, type Schemas } from '../api/client.ts'
import { useQuery } from '../api/hooks.ts'
import { ErrorNote } from '../components/error-note.tsx'
import { SetupFlow } from '../setup/setup-flow.tsx'
import { useOrg, useSession } from '../session.ts'

interface Step {
  readonly title: string
  readonly done: boolean
  readonly href: string
  readonly blocking: string
}

/** The way to a verified domain (without SSO in the plan, that is the whole set-up). */
export function steps(domains: Schemas['Domain'][]): Step[] {
  const verified = domains.filter((d) => d.status !== 'unverified')
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
  ]
}

export function OverviewPage() {
  const { features } = useSession()
  if (features.includes('sso'))
    return (
      <section>
        <h1>Single sign-on setup</h1>
        <SetupFlow />
      </section>
    )
  return <DomainOverview />
}

/** Without SSO in the plan, the way ends at a verified domain. */
function DomainOverview() {
  const { orgId } = useOrg()
  const overview = useQuery(async () => {
    const params = { params: { path: { orgId }, query: { limit: '100' } } }
    const domains = await call(api.GET('/api/v1/orgs/{orgId}/domains', params))
    return steps(domains.domains)
  }, [orgId])
  const state = overview.data
  const next = state?.find((s) => !s.done)
  return (
    <section>
      <h1>Domain setup</h1>
      <p>Single sign-on is not in your plan: ask your provider (the application you use).</p>
      <ErrorNote error={overview.error} />
      {state !== undefined && (
        <>
          <p role="status">
            {next === undefined ? 'Your domain is verified.' : `Next: ${next.title.toLowerCase()}.`}
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
