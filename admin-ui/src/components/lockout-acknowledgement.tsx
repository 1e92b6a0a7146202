/**
 * The checkbox a change needs when no owner or admin would keep a way to sign in with a password
 * (`acknowledgeLockoutRisk`): the same words wherever enforcement is saved.
 */
import { useT } from '../i18n/i18n.tsx'

export function LockoutAcknowledgement(props: {
  checked: boolean
  onChange: (checked: boolean) => void
}) {
  const t = useT()
  return (
    <label class="choice warning">
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
      />
      {t('common.lockout_ack')}
    </label>
  )
}
