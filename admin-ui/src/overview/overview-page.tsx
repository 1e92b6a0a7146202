/**
 * The overview: with SSO in the plan, the guided set-up (`SetupFlow`: domain → IdP → its guide and
 * metadata → test → enforce, the current step open right here); without it, the way to a verified domain,
 * each step linking to where it is done, with what blocks it.
 */
import { api, call, type Schemas } from '../api/client.ts'
import { useQuery } from '../api/hooks.ts'
import { ErrorNote } from '../components/error-note.tsx'
import { useT, type MessageKey } from '../i18n/i18n.tsx'
import { SetupFlow } from '../setup/setup-flow.tsx'
import { useOrg, useSession } from '../session.ts'

interface Step {
  readonly title: MessageKey
  readonly done: boolean
  readonly href: string
  readonly blocking: MessageKey
}

/** The way to a verified domain (without SSO in the plan, that is the whole set-up). */
export function steps(domains: Schemas['Domain'][]): Step[] {
  const verified = domains.filter((d) => d.status !== 'unverified')
  return [
    {
      title: 'overview.add_domain',
      done: domains.length > 0,
      href: '/admin/domains',
      blocking: 'overview.add_domain_blocking',
    },
    {
      title: 'overview.verify_domain',
      done: verified.length > 0,
      href: '/admin/domains',
      blocking: 'overview.verify_domain_blocking',
    },
  ]
}

export function OverviewPage() {
  const t = useT()
  const { features } = useSession()
  if (features.includes('sso'))
    return (
      <section>
        <h1>{t('overview.title')}</h1>
        <SetupFlow />
      </section>
    )
  return <DomainOverview />
}

/** Without SSO in the plan, the way ends at a verified domain. */
function DomainOverview() {
  const t = useT()
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
      <h1>{t('overview.domain_title')}</h1>
      <p>{t('overview.no_sso')}</p>
      <ErrorNote error={overview.error} />
      {state !== undefined && (
        <>
          <p role="status">
            {next === undefined
              ? t('overview.domain_done')
              : t('overview.next', { step: t(next.title) })}
          </p>
          <ol class="checklist">
            {state.map((step) => (
              <li key={step.title} class={step.done ? 'done' : 'todo'}>
                <span class="mark" aria-hidden="true">
                  {step.done ? '✓' : '○'}
                </span>
                <a href={step.href}>{t(step.title)}</a>
                <span class="visually-hidden">
                  {step.done ? t('overview.done_mark') : t('overview.todo_mark')}
                </span>
                {!step.done && <p class="blocking">{t(step.blocking)}</p>}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  )
}
