/**
 * Organization settings (SPEC §2): session lifetime and idle timeout, invitation lifetime, default clock
 * skew of new SSO profiles. Each field empty means the deployment's value; the deployment's maximum is
 * shown, since an organization can only shorten what it allows. And the two-step sign-in policy for
 * password users (issue 25): off, optional or required, and required for the owner and admins.
 */
import { useState } from 'preact/hooks'
import { api, call, type RequestBody, type Schemas } from '../api/client.ts'
import { fieldsOf } from '../api/forms.ts'
import { useMutation, useQuery } from '../api/hooks.ts'
import { ErrorNote } from '../components/error-note.tsx'
import { useOrg } from '../session.ts'

type Settings = Schemas['OrgSettings']
type Name = keyof Settings['maximums']
type SettingsPatch = RequestBody<'/api/v1/orgs/{orgId}/settings', 'patch'>

/** Each setting in the unit people think of it in. */
const FIELDS: readonly { name: Name; label: string; unit: string; seconds: number }[] = [
  { name: 'sessionLifetimeSeconds', label: 'Session lifetime', unit: 'hours', seconds: 3600 },
  { name: 'sessionIdleTimeoutSeconds', label: 'Idle timeout', unit: 'minutes', seconds: 60 },
  {
    name: 'invitationLifetimeSeconds',
    label: 'Invitation links work for',
    unit: 'days',
    seconds: 86400,
  },
  {
    name: 'defaultClockSkewSeconds',
    label: 'Clock skew of new SSO profiles',
    unit: 'seconds',
    seconds: 1,
  },
]

const show = (seconds: number, per: number) => String(Math.round((seconds / per) * 100) / 100)

export function SettingsPage() {
  const { orgId } = useOrg()
  const settings = useQuery(
    () => call(api.GET('/api/v1/orgs/{orgId}/settings', { params: { path: { orgId } } })),
    [orgId],
  )
  const save = useMutation()
  const [saved, setSaved] = useState(false)
  const data = settings.data
  if (data === undefined) return <ErrorNote error={settings.error} />
  return (
    <section>
      <h1>Organization settings</h1>
      <p>
        Leave a field empty to use this deployment’s value. Changes apply from the next use: a
        signed-in person’s session follows a new lifetime at their next request.
      </p>
      <form
        onSubmit={async (event) => {
          event.preventDefault()
          const form = fieldsOf(event.currentTarget)
          // Each field in its unit, back to seconds; empty: the deployment's value (null).
          const seconds = (field: (typeof FIELDS)[number]) => {
            const text = form.optional(field.name)
            return text === null ? null : Math.round(Number(text) * field.seconds)
          }
          const body: SettingsPatch = Object.fromEntries(
            FIELDS.map((field) => [field.name, seconds(field)]),
          )
          setSaved(false)
          const next = await save.run(() =>
            call(api.PATCH('/api/v1/orgs/{orgId}/settings', { params: { path: { orgId } }, body })),
          )
          if (next === undefined) return
          settings.set(next)
          setSaved(true)
        }}
      >
        {FIELDS.map((field) => {
          const set = data.settings[field.name]
          return (
            <div key={`${field.name}-${set ?? ''}`}>
              <label for={`setting-${field.name}`}>
                {field.label} ({field.unit})
              </label>
              <input
                id={`setting-${field.name}`}
                name={field.name}
                inputMode="decimal"
                value={set === null ? '' : show(set, field.seconds)}
                placeholder={`default: ${show(data.defaults[field.name], field.seconds)}`}
                aria-describedby={`setting-${field.name}-hint`}
              />
              <p class="hint" id={`setting-${field.name}-hint`}>
                Now {show(data.effective[field.name], field.seconds)} {field.unit}; at most{' '}
                {show(data.maximums[field.name], field.seconds)}.
              </p>
            </div>
          )
        })}
        <button type="submit">Save settings</button>
      </form>
      <ErrorNote error={save.error} />
      {saved && <p role="status">Saved.</p>}
      <TwoStepPolicy settings={data} onSaved={settings.set} />
    </section>
  )
}

const MODES = [
  { value: 'off', label: 'Off', hint: 'People cannot add an authenticator app or passkey.' },
  { value: 'optional', label: 'Optional', hint: 'People may add one on their account page.' },
  {
    value: 'required',
    label: 'Required',
    hint: 'Anyone signing in with a password sets one up right after it, if they have none.',
  },
] as const

/** The second-factor policy for password users; SSO users are exempt (their IdP decides). */
function TwoStepPolicy(props: { settings: Settings; onSaved: (next: Settings) => void }) {
  const { orgId } = useOrg()
  const save = useMutation()
  const [saved, setSaved] = useState(false)
  const { effective } = props.settings
  return (
    <form
      aria-labelledby="two-step-title"
      onSubmit={async (event) => {
        event.preventDefault()
        const form = new FormData(event.currentTarget)
        const body: SettingsPatch = {
          passwordUserMfa: form.get('passwordUserMfa') as Settings['effective']['passwordUserMfa'],
          requiredForAdmins: form.get('requiredForAdmins') === 'on',
        }
        setSaved(false)
        const next = await save.run(() =>
          call(api.PATCH('/api/v1/orgs/{orgId}/settings', { params: { path: { orgId } }, body })),
        )
        if (next === undefined) return
        props.onSaved(next)
        setSaved(true)
      }}
    >
      <h2 id="two-step-title">Two-step sign-in for password users</h2>
      <p>
        People who sign in with SSO are not asked: their identity provider decides. An administrator
        can reset a person’s second factors on their page under Users.
      </p>
      <fieldset key={`${effective.passwordUserMfa}-${effective.requiredForAdmins}`}>
        <legend>Second factor (authenticator app or passkey)</legend>
        {MODES.map((mode) => (
          <div key={mode.value}>
            <input
              type="radio"
              id={`mfa-${mode.value}`}
              name="passwordUserMfa"
              value={mode.value}
              defaultChecked={effective.passwordUserMfa === mode.value}
              aria-describedby={`mfa-${mode.value}-hint`}
            />
            <label for={`mfa-${mode.value}`}>{mode.label}</label>
            <p class="hint" id={`mfa-${mode.value}-hint`}>
              {mode.hint}
            </p>
          </div>
        ))}
        <input
          type="checkbox"
          id="mfa-admins"
          name="requiredForAdmins"
          defaultChecked={effective.requiredForAdmins}
        />
        <label for="mfa-admins">Always required for the owner and admins</label>
      </fieldset>
      <button type="submit">Save two-step sign-in</button>
      <ErrorNote error={save.error} />
      {saved && <p role="status">Saved.</p>}
    </form>
  )
}
