/**
 * A profile's settings (name, request signing, required signatures, encrypted assertions, metadata
 * changes, clock skew, disabled) and its deletion.
 */
import { useLocation } from 'preact-iso'
import { api, call } from '../api/client.ts'
import { fieldsOf } from '../api/forms.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { useT } from '../i18n/i18n.tsx'
import type { ProfileEditing } from './profile-detail.tsx'

export function ProfileSettingsPanel({ profile, patch, change, path }: ProfileEditing) {
  const t = useT()
  const { route } = useLocation()
  return (
    <section class="panel" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('profile_settings.title')}</h2>
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
            assertionEncryption: form.choice(
              'assertionEncryption',
              ['off', 'accepted', 'required'],
              profile.assertionEncryption,
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
        <label for="set-name">{t('sso.name')}</label>
        <input id="set-name" name="name" defaultValue={profile.name} required />
        <label class="choice">
          <input type="checkbox" name="signRequests" defaultChecked={profile.signRequests} />
          {t('profile_settings.sign_requests')}
        </label>
        <label for="set-policy">{t('profile_settings.signatures')}</label>
        <select id="set-policy" name="signaturePolicy" defaultValue={profile.signaturePolicy}>
          <option value="assertion">{t('profile_settings.assertion')}</option>
          <option value="both">{t('profile_settings.both')}</option>
        </select>
        <label for="set-encryption">{t('profile_settings.encryption')}</label>
        <select
          id="set-encryption"
          name="assertionEncryption"
          defaultValue={profile.assertionEncryption}
          aria-describedby="set-encryption-hint"
        >
          <option value="off">{t('profile_settings.encryption_off')}</option>
          <option value="accepted">{t('profile_settings.encryption_accepted')}</option>
          <option value="required">{t('profile_settings.encryption_required')}</option>
        </select>
        <p id="set-encryption-hint" class="hint">
          {t('profile_settings.encryption_hint')}
        </p>
        <label for="set-changes">{t('profile_settings.changes')}</label>
        <select
          id="set-changes"
          name="metadataChangePolicy"
          defaultValue={profile.metadataChangePolicy}
        >
          <option value="apply">{t('profile_settings.apply')}</option>
          <option value="hold">{t('profile_settings.hold')}</option>
        </select>
        <label for="set-skew">{t('profile_settings.skew')}</label>
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
          {t('profile_settings.disabled')}
        </label>
        <button type="submit">{t('settings.save')}</button>
      </form>
      <ConfirmButton
        label={t('profile_settings.delete')}
        question={t('profile_settings.delete_question', { profile: profile.name })}
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
