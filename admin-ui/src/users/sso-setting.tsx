/** Per-user SSO: Enabled / Disabled / default, applied only with the confirmation checkbox ticked. */
import { useState } from 'preact/hooks'
import { api, call, errorOf, type Schemas } from '../api/client.ts'
import { fieldsOf } from '../api/forms.ts'
import { useMutation } from '../api/hooks.ts'
import { ErrorNote } from '../components/error-note.tsx'
import { useT } from '../i18n/i18n.tsx'
import { useOrg } from '../session.ts'

type User = Schemas['User']

const MODES = ['none', 'enabled', 'disabled'] as const

export function SSOSetting({ user, onChanged }: { user: User; onChanged: (user: User) => void }) {
  const t = useT()
  const { orgId } = useOrg()
  const change = useMutation()
  const [risk, setRisk] = useState(false)
  return (
    <form
      class="sso-setting"
      onSubmit={async (event) => {
        event.preventDefault()
        const form = fieldsOf(event.currentTarget)
        const changed = await change.run(async () => {
          try {
            return await call(
              api.PUT('/api/v1/orgs/{orgId}/users/{userId}/sso', {
                params: { path: { orgId, userId: user.id } },
                body: {
                  mode: form.choice('mode', MODES, user.ssoOverride),
                  confirm: form.checked('confirm'),
                  ...(form.checked('acknowledge') && { acknowledgeLockoutRisk: true }),
                },
              }),
            )
          } catch (e) {
            // From now on, offer to accept the risk.
            if (errorOf(e).code === 'enforcement.lockout_risk') setRisk(true)
            throw e
          }
        })
        if (changed !== undefined) onChanged(changed)
      }}
    >
      <fieldset>
        <legend>{t('user_sso.legend')}</legend>
        {MODES.map((mode) => (
          <label key={mode} class="choice">
            <input
              type="radio"
              name="mode"
              value={mode}
              defaultChecked={user.ssoOverride === mode}
            />
            {t(`user_sso.${mode}`)}
          </label>
        ))}
        <label class="choice">
          <input type="checkbox" name="confirm" required />
          {t('user_sso.confirm', { email: user.email })}
        </label>
        {risk && (
          <label class="choice">
            <input type="checkbox" name="acknowledge" />
            {t('user_sso.acknowledge')}
          </label>
        )}
        <button type="submit">{t('user_sso.submit')}</button>
      </fieldset>
      <ErrorNote error={change.error} />
    </form>
  )
}
