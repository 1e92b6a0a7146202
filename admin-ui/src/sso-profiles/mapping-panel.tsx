/**
 * An SSO profile's attribute mapping: which SAML attributes set the user's names at every sign-in. A
 * preset fills in what a known IdP sends; each field can be edited or cleared (left as it is).
 */
import { fieldsOf } from '../api/forms.ts'
import { useT, type MessageKey } from '../i18n/i18n.tsx'
import { IDP_GUIDES, type IdPProduct } from '../setup/idp-guides.ts'
import type { ProfilePatch } from './profile-detail.tsx'
import type { Profile } from './profiles-page.tsx'

const FIELDS: readonly (readonly [string, MessageKey])[] = [
  ['givenName', 'mapping.given'],
  ['familyName', 'mapping.family'],
  ['displayName', 'mapping.display'],
]

/** Every IdP with a preset, named as its guide names it. */
const PRESETS = IDP_GUIDES.filter((g) => g.product !== 'other').map(
  (g) => [g.product as Exclude<IdPProduct, 'other'>, g.name] as const,
)

export function MappingPanel(props: {
  profile: Profile
  patch: (body: ProfilePatch) => Promise<unknown>
}) {
  const t = useT()
  const { profile, patch } = props
  const mapping = profile.attributeMapping as Record<string, string | undefined>
  return (
    <section class="panel" aria-labelledby="mapping-title">
      <h2 id="mapping-title">{t('mapping.title')}</h2>
      <p>{t('mapping.intro')}</p>
      <form
        class="inline"
        onSubmit={(event) => {
          event.preventDefault()
          const preset = fieldsOf(event.currentTarget).choice(
            'preset',
            PRESETS.map(([value]) => value),
            'entra-id',
          )
          void patch({ attributeMappingPreset: preset })
        }}
      >
        <label for="mapping-preset">{t('mapping.preset')}</label>
        <select id="mapping-preset" name="preset">
          {PRESETS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <button type="submit" class="secondary">
          {t('mapping.use_preset')}
        </button>
      </form>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          const form = fieldsOf(event.currentTarget)
          void patch({
            attributeMapping: Object.fromEntries(
              FIELDS.map(([field]) => [field, form.optional(field)]),
            ),
          })
        }}
      >
        {FIELDS.map(([field, label]) => (
          <div key={`${field}-${mapping[field] ?? ''}`}>
            <label for={`mapping-${field}`}>{t(label)}</label>
            <input
              id={`mapping-${field}`}
              name={field}
              value={mapping[field] ?? ''}
              placeholder={t('mapping.not_mapped')}
            />
          </div>
        ))}
        <button type="submit">{t('mapping.save')}</button>
      </form>
    </section>
  )
}
