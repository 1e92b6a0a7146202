/**
 * The checkbox a change needs when no owner or admin would keep a way to sign in with a password
 * (`acknowledgeLockoutRisk`): the same words wherever enforcement is saved.
 */
export function LockoutAcknowledgement(props: {
  checked: boolean
  onChange: (checked: boolean) => void
}) {
  return (
    <label class="choice warning">
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
      />
      No owner or admin would keep a way to sign in with a password. I understand; if SSO breaks,
      the operator’s break-glass is the way back.
    </label>
  )
}
