/**
 * Which verified domains an SSO profile serves. The only verified domain starts ticked on a profile that
 * serves none yet (the usual first setup), and a save says what was saved (issue 27).
 */
import { useState } from 'preact/hooks'
import { fieldsOf } from '../api/forms.ts'
import type { ProfileEditing } from './profile-detail.tsx'

export function DomainsPanel({
  editing,
  domains,
}: {
  editing: ProfileEditing
  domains: readonly string[]
}) {
  const { profile } = editing
  const [saved, setSaved] = useState<string | null>(null)
  const preselect = profile.domains.length === 0 && domains.length === 1
  return (
    <section class="panel" aria-labelledby="domains-title">
      <h2 id="domains-title">3. Domains this profile serves</h2>
      <form
        onSubmit={async (event) => {
          event.preventDefault()
          const chosen = fieldsOf(event.currentTarget).all('domain')
          setSaved(null)
          if (await editing.patch({ domains: chosen })) {
            setSaved(
              chosen.length === 0
                ? 'Saved: this profile serves no domain.'
                : `Saved: this profile serves ${chosen.join(', ')}.`,
            )
          }
        }}
      >
        {domains.length === 0 && <p>Verify a domain first.</p>}
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
          Save domains
        </button>
        {saved !== null && <p role="status">{saved}</p>}
      </form>
    </section>
  )
}
