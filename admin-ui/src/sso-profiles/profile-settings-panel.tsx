/** A profile's settings (name, request signing, required signatures, metadata changes, clock skew, disabled) and its deletion. */
import { useLocation } from 'preact-iso'
import { api, call } from '../api/client.ts'
import { fieldsOf } from '../api/forms.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import type { ProfileEditing } from './profile-detail.tsx'

export function ProfileSettingsPanel({ profile, patch, change, path }: ProfileEditing) {
  const { route } = useLocation()
  return (
    <section class="panel" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          const form = fieldsOf(event.currentTarget)
          void patch({
            name: form.text('name'),
            signRequests: form.checked('signRequests'),
            signaturePolicy: form.choice(
              'signaturePolicy',
              ['assertion', 'both'],
              profile.signaturePolicy,
            ),
            metadataChangePolicy: form.choice(
              'metadataChangePolicy',
              ['apply', 'hold'],
              profile.metadataChangePolicy,
            ),
            clockSkewSeconds: form.number('clockSkewSeconds'),
            status: form.checked('disabled') ? 'disabled' : 'active',
          })
        }}
      >
        <label for="set-name">Name</label>
        <input id="set-name" name="name" defaultValue={profile.name} required />
        <label class="choice">
          <input type="checkbox" name="signRequests" defaultChecked={profile.signRequests} />
          Sign authentication requests
        </label>
        <label for="set-policy">Signatures required</label>
        <select id="set-policy" name="signaturePolicy" defaultValue={profile.signaturePolicy}>
          <option value="assertion">The assertion</option>
          <option value="both">The assertion and the response</option>
        </select>
        <label for="set-changes">When the IdP’s metadata changes (certificates, sign-in URL)</label>
        <select
          id="set-changes"
          name="metadataChangePolicy"
          defaultValue={profile.metadataChangePolicy}
        >
          <option value="apply">Use it at once (administrators are emailed)</option>
          <option value="hold">Hold it until a connection test of it passes</option>
        </select>
        <label for="set-skew">Allowed clock difference with the IdP (seconds)</label>
        <input
          id="set-skew"
          name="clockSkewSeconds"
          type="number"
          min={0}
          max={300}
          defaultValue={String(profile.clockSkewSeconds)}
        />
        <label class="choice">
          <input type="checkbox" name="disabled" defaultChecked={profile.status === 'disabled'} />
          Disabled
        </label>
        <button type="submit">Save settings</button>
      </form>
      <ConfirmButton
        label="Delete profile"
        question={`Delete the profile “${profile.name}”? Users it signs in will need another way in.`}
        danger
        onConfirm={async () => {
          const deleted = await change.run(async () => {
            await call(
              api.DELETE('/api/v1/orgs/{orgId}/sso-profiles/{profileId}', { params: path }),
            )
            return true
          })
          if (deleted === true) route('/admin/sso')
        }}
      />
    </section>
  )
}
