/**
 * The guided "Set up SSO" flow (issue 27), on the overview and at `/admin/setup`: domain → identity
 * provider → its guide and metadata → connection test → enforcement. Where it stands is read from the
 * organization every time (nothing is kept in the browser), so it can be left and picked up again; every
 * step says what is done and what is next, and links to the page where it can be done on its own.
 */
import { useLocation } from 'preact-iso'
import type { ComponentChildren } from 'preact'
import { api, call, type Schemas } from '../api/client.ts'
import { fieldsOf } from '../api/forms.ts'
import { useMutation, useQuery, type Mutation } from '../api/hooks.ts'
import { ErrorNote } from '../components/error-note.tsx'
import { DomainPanel } from '../domains/domains-page.tsx'
import { useT, type MessageKey, type Translator } from '../i18n/i18n.tsx'
import { useOrg, useSession } from '../session.ts'
import { DomainsPanel } from '../sso-profiles/domains-panel.tsx'
import { EnforceHere } from '../sso-profiles/enforce-here.tsx'
import { IdPMetadataPanel } from '../sso-profiles/idp-metadata-panel.tsx'
import { LastTest, TestButton } from '../sso-profiles/last-test.tsx'
import type { ProfileEditing, ProfilePatch } from '../sso-profiles/profile-detail.tsx'
import type { Profile } from '../sso-profiles/profiles-page.tsx'
import { GuideView, guideName, profileValues } from './guide-view.tsx'
import { guideFor, IDP_GUIDES, type IdPProduct } from './idp-guides.ts'

type Domain = Schemas['Domain']

/** Where the organization stands, and which domain and profile the flow works on. */
export interface SetupState {
  readonly domains: readonly Domain[]
  readonly profiles: readonly Profile[]
  /** The profile being set up: the one asked for, else one serving a domain not enforced yet. */
  readonly profile: Profile | undefined
  /** The domain being set up. */
  readonly domain: Domain | undefined
}

export function setupState(
  domains: readonly Domain[],
  profiles: readonly Profile[],
  profileId: string | undefined,
): SetupState {
  const enforced = (name: string) => domains.some((d) => d.name === name && d.enforced)
  const verified = domains.filter((d) => d.status !== 'unverified')
  const profile =
    profiles.find((p) => p.id === profileId) ??
    profiles.find((p) => p.domains.some((name) => !enforced(name))) ??
    profiles.find((p) => p.domains.length === 0 && !p.usable) ??
    // Everything enforced: a profile that carries it (the flow reads as done).
    profiles.find((p) => p.domains.length > 0 && p.lastTest?.passed === true)
  const domain =
    domains.find((d) => profile?.domains.includes(d.name) === true && !d.enforced) ??
    verified.find((d) => !d.enforced && !profiles.some((p) => p.domains.includes(d.name))) ??
    verified.find((d) => !d.enforced) ??
    domains.find((d) => d.status === 'unverified') ??
    // Everything enforced: the profile's own domain (the flow reads as done).
    domains.find((d) => profile?.domains.includes(d.name) === true)
  return { domains, profiles, profile, domain }
}

interface Step {
  readonly key: string
  readonly title: MessageKey
  /** Done: what was done, in a sentence. */
  readonly done: string | null
  /** The page where this step can be done on its own. */
  readonly href: string
}

export function setupSteps(state: SetupState, t: Translator): Step[] {
  const { domain, profile } = state
  const verified = domain !== undefined && domain.status !== 'unverified'
  const served = profile !== undefined && profile.domains.length > 0
  const tested = profile?.lastTest?.passed === true
  const enforced =
    served &&
    profile.domains.every((name) => state.domains.some((d) => d.name === name && d.enforced))
  const product = profile?.idpProduct
  const guide = product === null || product === undefined ? undefined : guideFor(product)
  return [
    {
      key: 'domain',
      title: 'setup.domain',
      done: verified ? t('setup.domain_done', { domain: domain.name }) : null,
      href: '/admin/domains',
    },
    {
      key: 'idp',
      title: 'setup.idp',
      done:
        profile === undefined
          ? null
          : guide === undefined || guide.name === profile.name
            ? t('setup.idp_done', { profile: profile.name })
            : t('setup.idp_done_product', { profile: profile.name, idp: guideName(guide, t) }),
      href: '/admin/sso',
    },
    {
      key: 'configure',
      title: 'setup.configure',
      done:
        profile !== undefined && profile.usable && served
          ? t('setup.configure_done', {
              entityId: profile.idpEntityId ?? '',
              domains: profile.domains.join(', '),
            })
          : null,
      href: profile === undefined ? '/admin/sso' : `/admin/sso/${profile.id}`,
    },
    {
      key: 'test',
      title: 'setup.test',
      done: tested ? t('setup.test_done') : null,
      href: profile === undefined ? '/admin/sso' : `/admin/sso/${profile.id}`,
    },
    {
      key: 'enforce',
      title: 'setup.enforce',
      done: enforced ? t('setup.enforce_done', { domains: profile.domains.join(', ') }) : null,
      href: '/admin/enforcement',
    },
  ]
}

export function SetupFlow() {
  const t = useT()
  const { orgId } = useOrg()
  const { query, route } = useLocation()
  const profileId = query['profile']
  const loaded = useQuery(async () => {
    const params = { params: { path: { orgId }, query: { limit: '100' } } }
    const [domains, profiles] = await Promise.all([
      call(api.GET('/api/v1/orgs/{orgId}/domains', params)),
      call(api.GET('/api/v1/orgs/{orgId}/sso-profiles', { params: { path: { orgId } } })),
    ])
    return setupState(domains.domains, profiles.ssoProfiles, profileId)
  }, [orgId, profileId])
  const change = useMutation()
  const state = loaded.data
  if (state === undefined) return <ErrorNote error={loaded.error} />
  const steps = setupSteps(state, t)
  const current = steps.findIndex((s) => s.done === null)
  const reload = () => loaded.reload()
  const doneSoFar = steps.filter((s) => s.done !== null).map((s) => s.done)
  return (
    <div class="setup">
      <p role="status" class="setup-status">
        {current === -1
          ? t('setup.all_done')
          : `${doneSoFar.length === 0 ? '' : `${t('setup.done_so_far', { done: doneSoFar.join(' ') })} `}${t('overview.next', { step: t(steps[current]?.title ?? 'setup.domain') })}`}
      </p>
      <ol class="checklist setup-steps">
        {steps.map((step, index) => (
          <li
            key={step.key}
            class={step.done !== null ? 'done' : index === current ? 'current' : 'todo'}
            aria-current={index === current ? 'step' : undefined}
          >
            <span class="mark" aria-hidden="true">
              {step.done !== null ? '✓' : index === current ? '→' : '○'}
            </span>
            <a href={step.href}>{t(step.title)}</a>
            <span class="visually-hidden">
              {step.done !== null
                ? t('overview.done_mark')
                : index === current
                  ? t('overview.next_mark')
                  : t('overview.todo_mark')}
            </span>
            {step.done !== null && <p class="meta">{step.done}</p>}
            {index === current && (
              <div class="step-body">
                <StepBody
                  step={step.key}
                  state={state}
                  change={change}
                  reload={reload}
                  chose={(id) => route(`/admin/setup?profile=${encodeURIComponent(id)}`)}
                />
              </div>
            )}
          </li>
        ))}
      </ol>
      {current === -1 && <AfterSetup />}
      <ErrorNote error={change.error} />
    </div>
  )
}

function StepBody(props: {
  step: string
  state: SetupState
  change: Mutation
  reload: () => Promise<void>
  chose: (profileId: string) => void
}): ComponentChildren {
  const { step, state, reload } = props
  const { domain, profile } = state
  if (step === 'domain')
    return domain === undefined ? (
      <AddDomain change={props.change} reload={reload} />
    ) : (
      <DomainPanel domain={domain} onChanged={reload} />
    )
  if (step === 'idp' || profile === undefined) return <ChooseIdP {...props} />
  return <ProfileStep step={step} profile={profile} state={state} reload={reload} />
}

/** The first domain: the admin's own email domain is offered (it is almost always the one). */
function AddDomain({ change, reload }: { change: Mutation; reload: () => Promise<void> }) {
  const t = useT()
  const { orgId } = useOrg()
  const { user } = useSession()
  const own = user.email.slice(user.email.lastIndexOf('@') + 1)
  return (
    <form
      class="inline"
      onSubmit={async (event) => {
        event.preventDefault()
        const name = fieldsOf(event.currentTarget).text('name')
        const added = await change.run(() =>
          call(
            api.POST('/api/v1/orgs/{orgId}/domains', {
              params: { path: { orgId } },
              body: { name },
            }),
          ),
        )
        if (added !== undefined) await reload()
      }}
    >
      <label for="setup-domain">{t('setup.your_domain')}</label>
      <input id="setup-domain" name="name" required defaultValue={own} />
      <button type="submit">{t('domains.add')}</button>
    </form>
  )
}

/** The IdP choice creates the profile, named after it, serving the domain, with its names preset. */
function ChooseIdP({
  state,
  change,
  chose,
}: {
  state: SetupState
  change: Mutation
  chose: (id: string) => void
}) {
  const t = useT()
  const { orgId } = useOrg()
  const create = async (product: IdPProduct) => {
    const name = uniqueName(guideFor(product).name, state.profiles)
    const domains =
      state.domain !== undefined && state.domain.status !== 'unverified' ? [state.domain.name] : []
    const created = await change.run(() =>
      call(
        api.POST('/api/v1/orgs/{orgId}/sso-profiles', {
          params: { path: { orgId } },
          body: { name, idpProduct: product, domains },
        }),
      ),
    )
    if (created !== undefined) chose(created.id)
  }
  return (
    <>
      <p>{t('setup.which_idp')}</p>
      <ul class="idp-choices">
        {IDP_GUIDES.map((guide) => (
          <li key={guide.product}>
            <button
              type="button"
              class="secondary"
              // One profile per choice: a second click while the first creates it does nothing.
              disabled={change.pending}
              onClick={() => void create(guide.product)}
            >
              {guideName(guide, t)}
            </button>
          </li>
        ))}
      </ul>
    </>
  )
}

function uniqueName(base: string, profiles: readonly Profile[]): string {
  const taken = new Set(profiles.map((p) => p.name))
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) if (!taken.has(`${base} ${n}`)) return `${base} ${n}`
}

/** The steps on one profile: its IdP guide and metadata, the test, enforcement. */
function ProfileStep({
  step,
  profile,
  state,
  reload,
}: {
  step: string
  profile: Profile
  state: SetupState
  reload: () => Promise<void>
}) {
  const t = useT()
  const { orgId } = useOrg()
  const change = useMutation()
  const path = { path: { orgId, profileId: profile.id } }
  const editing: ProfileEditing = {
    profile,
    path,
    change,
    show: () => void reload(),
    patch: async (body: ProfilePatch) => {
      const next = await change.run(() =>
        call(api.PATCH('/api/v1/orgs/{orgId}/sso-profiles/{profileId}', { params: path, body })),
      )
      if (next === undefined) return false
      await reload()
      return true
    },
  }
  const verified = state.domains.filter((d) => d.status !== 'unverified').map((d) => d.name)
  if (step === 'configure') {
    const guide = guideFor(profile.idpProduct ?? 'other')
    return (
      <>
        <GuideView guide={guide} values={profileValues(profile)} />
        <IdPMetadataPanel
          {...editing}
          title={t('setup.load_metadata', { idp: guideName(guide, t) })}
        />
        {profile.domains.length === 0 && <DomainsPanel editing={editing} domains={verified} />}
        <ErrorNote error={change.error} />
      </>
    )
  }
  if (step === 'test')
    return (
      <>
        <p>
          {t('setup.test_text', { idp: guideName(guideFor(profile.idpProduct ?? 'other'), t) })}
        </p>
        <TestButton editing={editing} />
        <LastTest test={profile.lastTest} />
        <ErrorNote error={change.error} />
      </>
    )
  return <EnforceHere profile={profile} onEnforced={() => void reload()} />
}

/** What comes after SSO: people, and provisioning. */
function AfterSetup() {
  const t = useT()
  return (
    <div class="notice">
      <p>{t('setup.after')}</p>
      <ul>
        <li>
          <a href="/admin/users">{t('setup.after_invite')}</a>
        </li>
        <li>
          <a href="/admin/import">{t('setup.after_import')}</a>
        </li>
        <li>
          <a href="/admin/tokens">{t('setup.after_scim')}</a>
        </li>
        <li>
          <a href="/admin/sso">{t('setup.after_profile')}</a>
        </li>
      </ul>
    </div>
  )
}
