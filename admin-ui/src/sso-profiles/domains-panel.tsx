/**
 * Which verified domains an SSO profile serves. The only verified domain starts ticked on a profile that
 * serves none yet (the usual first setup), and a save says what was saved (issue 27).
 */
import { useState } from 'preact/hooks'
import { fieldsOf } from '../api/forms.ts'
import { useT } from '../i18n/i18n.tsx'
import type { ProfileEditing } from './profile-detail.tsx'

export function DomainsPanel({
  editing,
  domains,
}: {
  editing: ProfileEditing
  domains: readonly string[]
}) {
  const t = useT()
  const { profile } = editing
  const [saved, setSaved] = useState<string | null>(null)
  const preselect = profile.domains.length === 0 && domains.length === 1
  return (
    <section class="panel" aria-labelledby="domains-title">
      <h2 id="domains-title">{t('profile_domains.title')}</h2>
      <form
        onSubmit={async (event) => {
          event.preventDefault()
          const chosen = fieldsOf(event.currentTarget).all('domain')
          setSaved(null)
          if (await editing.patch({ domains: chosen })) {
            setSaved(
              chosen.length === 0
                ? t('profile_domains.saved_none')
                : t('profile_domains.saved', { domains: chosen.join(', ') }),
            )
          }
        }}
      >
        {domains.length === 0 && <p>{t('profile_domains.verify_first')}</p>}
        {domains.map((name) => (
          <label key={name} class="choice">
            <input
              type="checkbox"
              name="domain"
              value={name}
              defaultChecked={profile.domains.includes(name) || preselect}
            />
            {name}
          </label>
        ))}
        <button type="submit" class="secondary">
          {t('profile_domains.save')}
        </button>
        {saved !== null && <p role="status">{saved}</p>}
      </form>
    </section>
  )
}
