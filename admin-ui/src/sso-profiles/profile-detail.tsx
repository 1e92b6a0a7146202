/**
 * One SSO profile in three tabs (issue 27: one page was a 3,100 px scroll): **Set-up**, in the order an
 * admin sets it up — the values to give the IdP (copy buttons, metadata download) with the chosen IdP's
 * guide, the IdP's metadata, the domains it serves, the connection test with the last result, enforcing;
 * **Names** (the mapping); **Settings**. Every change answers the profile as it is now.
 */
import { api, call, type RequestBody } from '../api/client.ts'
import { useMutation, useQuery, type Mutation } from '../api/hooks.ts'
import { CopyField } from '../components/copy-field.tsx'
import { ErrorNote } from '../components/error-note.tsx'
import { Status } from '../components/status.tsx'
import { useOrg } from '../session.ts'
import { fieldsOf } from '../api/forms.ts'
import { GuideView, guideName, profileValues } from '../setup/guide-view.tsx'
import { useT, type MessageKey } from '../i18n/i18n.tsx'
import { guideFor, IDP_GUIDES } from '../setup/idp-guides.ts'
import { DomainsPanel } from './domains-panel.tsx'
import { EnforceHere } from './enforce-here.tsx'
import { IdPMetadataPanel } from './idp-metadata-panel.tsx'
import { LastTest, TestButton } from './last-test.tsx'
import { MappingPanel } from './mapping-panel.tsx'
import { ProfileSettingsPanel } from './profile-settings-panel.tsx'
import { profileStatus, type Profile } from './profiles-page.tsx'

export type ProfilePatch = RequestBody<'/api/v1/orgs/{orgId}/sso-profiles/{profileId}', 'patch'>

/** What every panel of the profile page works with. */
export interface ProfileEditing {
  readonly profile: Profile
  /** Applies a change; the page shows the profile it answers, or the error. True when it was made. */
  readonly patch: (body: ProfilePatch) => Promise<boolean>
  readonly show: (profile: Profile) => void
  readonly change: Mutation
  readonly path: { readonly path: { readonly orgId: string; readonly profileId: string } }
}

const TABS: readonly { key: string | undefined; label: MessageKey }[] = [
  { key: undefined, label: 'sso.tab_setup' },
  { key: 'names', label: 'sso.tab_names' },
  { key: 'settings', label: 'sso.tab_settings' },
]

export function ProfileDetail({ id, tab }: { id: string; tab: string | undefined }) {
  const t = useT()
  const { orgId } = useOrg()
  const path = { path: { orgId, profileId: id } }
  const loaded = useQuery(async () => {
    const [profile, domains] = await Promise.all([
      call(api.GET('/api/v1/orgs/{orgId}/sso-profiles/{profileId}', { params: path })),
      call(
        api.GET('/api/v1/orgs/{orgId}/domains', {
          params: { path: { orgId }, query: { limit: '100' } },
        }),
      ),
    ])
    const verified = domains.domains.filter((d) => d.status !== 'unverified').map((d) => d.name)
    return { profile, domains: verified }
  }, [id])
  const change = useMutation()
  if (loaded.data === undefined) return <ErrorNote error={loaded.error} />
  const { profile, domains } = loaded.data
  const show = (next: Profile) => loaded.set({ profile: next, domains })
  const editing: ProfileEditing = {
    profile,
    path,
    change,
    show,
    patch: async (body) => {
      const next = await change.run(() =>
        call(api.PATCH('/api/v1/orgs/{orgId}/sso-profiles/{profileId}', { params: path, body })),
      )
      if (next === undefined) return false
      show(next)
      return true
    },
  }
  return (
    <section>
      <p>
        <a href="/admin/sso">← {t('sso.all')}</a>
      </p>
      <h1>
        {profile.name} <Status value={profileStatus(profile)} />
      </h1>
      <ErrorNote error={change.error} />
      {profile.warnings.map((w) => (
        <p key={w.code} class="warning" role="status">
          {w.message}
        </p>
      ))}

      <nav aria-label={t('sso.tabs')}>
        <ul class="tabs">
          {TABS.map((item) => (
            <li key={item.label}>
              <a
                href={`/admin/sso/${profile.id}${item.key === undefined ? '' : `/${item.key}`}`}
                aria-current={item.key === tab ? 'page' : undefined}
              >
                {t(item.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      {tab === 'names' ? (
        <MappingPanel profile={profile} patch={editing.patch} />
      ) : tab === 'settings' ? (
        <ProfileSettingsPanel {...editing} />
      ) : (
        <SetupTab editing={editing} domains={domains} />
      )}
    </section>
  )
}

function SetupTab({ editing, domains }: { editing: ProfileEditing; domains: string[] }) {
  const t = useT()
  const { profile } = editing
  return (
    <>
      <section class="panel" aria-labelledby="sp-title">
        <h2 id="sp-title">{t('sso.values_title')}</h2>
        <CopyField id="sp-entity" label={t('guide.value.entityId')} value={profile.sp.entityId} />
        <CopyField id="sp-acs" label={t('guide.value.acsUrl')} value={profile.sp.acsUrl} />
        <CopyField
          id="sp-metadata"
          label={t('guide.value.metadataUrl')}
          value={profile.sp.metadataUrl}
        />
        <p>
          <a href={profile.sp.metadataUrl} download={`portcullis-${profile.id}.xml`}>
            {t('sso.download_metadata')}
          </a>
        </p>
        <p class="hint">{t('sso.nameid_hint')}</p>
        <IdPGuidePanel editing={editing} />
      </section>

      <IdPMetadataPanel {...editing} />

      <DomainsPanel editing={editing} domains={domains} />

      <section class="panel" aria-labelledby="test-title">
        <h2 id="test-title">{t('sso.test_title')}</h2>
        <p>{t('sso.test_text')}</p>
        <TestButton editing={editing} />
        {!profile.usable && <p class="hint">{t('sso.load_first')}</p>}
        <LastTest test={profile.lastTest} />
      </section>

      <EnforceHere profile={profile} />
    </>
  )
}

/** The step-by-step guide of the IdP this profile is set up with; choosing another also sets its preset. */
function IdPGuidePanel({ editing }: { editing: ProfileEditing }) {
  const t = useT()
  const { profile } = editing
  const product = profile.idpProduct ?? 'other'
  return (
    <details open={profile.lastTest === null}>
      <summary>{t('sso.step_by_step', { idp: guideName(guideFor(product), t) })}</summary>
      <form
        class="inline"
        onSubmit={(event) => {
          event.preventDefault()
          const chosen = fieldsOf(event.currentTarget).choice(
            'product',
            IDP_GUIDES.map((g) => g.product),
            product,
          )
          void editing.patch({ idpProduct: chosen })
        }}
      >
        <label for="idp-product">{t('sso.idp')}</label>
        <select id="idp-product" name="product" defaultValue={product}>
          {IDP_GUIDES.map((g) => (
            <option key={g.product} value={g.product}>
              {guideName(g, t)}
            </option>
          ))}
        </select>
        <button type="submit" class="secondary">
          {t('sso.show_guide')}
        </button>
      </form>
      <p class="hint">{t('sso.other_idp_hint')}</p>
      <GuideView guide={guideFor(product)} values={profileValues(profile)} copyFields={false} />
    </details>
  )
}
