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
import { useT, type MessageKey, type Translator } from '../i18n/i18n.tsx'
import { useOrg } from '../session.ts'

type Settings = Schemas['OrgSettings']
type Name = keyof Settings['maximums']
type SettingsPatch = RequestBody<'/api/v1/orgs/{orgId}/settings', 'patch'>

/** Each setting in the unit people think of it in. */
const FIELDS: readonly { name: Name; label: MessageKey; unit: MessageKey; seconds: number }[] = [
  {
    name: 'sessionLifetimeSeconds',
    label: 'settings.session_lifetime',
    unit: 'settings.hours',
    seconds: 3600,
  },
  {
    name: 'sessionIdleTimeoutSeconds',
    label: 'settings.idle_timeout',
    unit: 'settings.minutes',
    seconds: 60,
  },
  {
    name: 'invitationLifetimeSeconds',
    label: 'settings.invitation_lifetime',
    unit: 'settings.days',
    seconds: 86400,
  },
  {
    name: 'defaultClockSkewSeconds',
    label: 'settings.clock_skew',
    unit: 'settings.seconds',
    seconds: 1,
  },
]

/** A value in its unit, as typed into the field (a dot for decimals, whatever the language). */
const show = (seconds: number, per: number) => String(Math.round((seconds / per) * 100) / 100)
/** A value in its unit, as this language writes numbers. */
const said = (t: Translator, seconds: number, per: number) =>
  t.number(Math.round((seconds / per) * 100) / 100)

export function SettingsPage() {
  const t = useT()
  const { orgId } = useOrg()
  const settings = useQuery(
    () => call(api.GET('/api/v1/orgs/{orgId}/settings', { params: { path: { orgId } } })),
    [orgId],
  )
  const { save, saved, patch } = useSettingsPatch(settings.set)
  const data = settings.data
  if (data === undefined) return <ErrorNote error={settings.error} />
  return (
    <section>
      <h1>{t('settings.title')}</h1>
      <p>{t('settings.intro')}</p>
      <form
        onSubmit={async (event) => {
          event.preventDefault()
          const form = fieldsOf(event.currentTarget)
          // Each field in its unit, back to seconds; empty: the deployment's value (null).
          const seconds = (field: (typeof FIELDS)[number]) => {
            const text = form.optional(field.name)
            return text === null ? null : Math.round(Number(text) * field.seconds)
          }
          await patch(Object.fromEntries(FIELDS.map((field) => [field.name, seconds(field)])))
        }}
      >
        {FIELDS.map((field) => {
          const set = data.settings[field.name]
          return (
            <div key={`${field.name}-${set ?? ''}`}>
              <label for={`setting-${field.name}`}>
                {t(field.label)} ({t(field.unit)})
              </label>
              <input
                id={`setting-${field.name}`}
                name={field.name}
                inputMode="decimal"
                value={set === null ? '' : show(set, field.seconds)}
                placeholder={t('settings.default', {
                  value: said(t, data.defaults[field.name], field.seconds),
                })}
                aria-describedby={`setting-${field.name}-hint`}
              />
              <p class="hint" id={`setting-${field.name}-hint`}>
                {t('settings.now', {
                  value: said(t, data.effective[field.name], field.seconds),
                  unit: t(field.unit),
                  max: said(t, data.maximums[field.name], field.seconds),
                })}
              </p>
            </div>
          )
        })}
        <button type="submit">{t('settings.save')}</button>
      </form>
      <ErrorNote error={save.error} />
      {saved && <p role="status">{t('common.saved')}</p>}
      <TwoStepPolicy settings={data} onSaved={settings.set} />
      <MailLanguage settings={data} onSaved={settings.set} />
    </section>
  )
}

const MODES = ['off', 'optional', 'required'] as const

/** The second-factor policy for password users; SSO users are exempt (their IdP decides). */
function TwoStepPolicy(props: { settings: Settings; onSaved: (next: Settings) => void }) {
  const t = useT()
  const { save, saved, patch } = useSettingsPatch(props.onSaved)
  const { effective } = props.settings
  return (
    <form
      aria-labelledby="two-step-title"
      onSubmit={async (event) => {
        event.preventDefault()
        const form = new FormData(event.currentTarget)
        await patch({
          passwordUserMfa: form.get('passwordUserMfa') as Settings['effective']['passwordUserMfa'],
          requiredForAdmins: form.get('requiredForAdmins') === 'on',
        })
      }}
    >
      <h2 id="two-step-title">{t('settings.mfa_title')}</h2>
      <p>{t('settings.mfa_intro')}</p>
      <fieldset key={`${effective.passwordUserMfa}-${effective.requiredForAdmins}`}>
        <legend>{t('settings.mfa_legend')}</legend>
        {MODES.map((mode) => (
          <div key={mode}>
            <input
              type="radio"
              id={`mfa-${mode}`}
              name="passwordUserMfa"
              value={mode}
              defaultChecked={effective.passwordUserMfa === mode}
              aria-describedby={`mfa-${mode}-hint`}
            />
            <label for={`mfa-${mode}`}>{t(`settings.mfa_${mode}`)}</label>
            <p class="hint" id={`mfa-${mode}-hint`}>
              {t(`settings.mfa_${mode}_hint`)}
            </p>
          </div>
        ))}
        <input
          type="checkbox"
          id="mfa-admins"
          name="requiredForAdmins"
          defaultChecked={effective.requiredForAdmins}
        />
        <label for="mfa-admins">{t('settings.mfa_admins')}</label>
      </fieldset>
      <button type="submit">{t('settings.mfa_save')}</button>
      <ErrorNote error={save.error} />
      {saved && <p role="status">{t('common.saved')}</p>}
    </form>
  )
}

/** The language of mail to people whose own is not known yet (issue 27). */
function MailLanguage(props: { settings: Settings; onSaved: (next: Settings) => void }) {
  const t = useT()
  const { save, saved, patch } = useSettingsPatch(props.onSaved)
  const current = props.settings.settings.language
  return (
    <form
      aria-labelledby="mail-language-title"
      onSubmit={async (event) => {
        event.preventDefault()
        const chosen = fieldsOf(event.currentTarget).choice('language', ['', 'en', 'de'], '')
        await patch({ language: chosen === '' ? null : chosen })
      }}
    >
      <h2 id="mail-language-title">{t('settings.mail_title')}</h2>
      <p>{t('settings.mail_intro')}</p>
      <label for="mail-language">{t('settings.mail_label')}</label>
      <select id="mail-language" name="language" key={current ?? ''} defaultValue={current ?? ''}>
        <option value="">{t('settings.mail_default')}</option>
        <option value="en" lang="en">
          English
        </option>
        <option value="de" lang="de">
          Deutsch
        </option>
      </select>
      <button type="submit">{t('settings.mail_save')}</button>
      <ErrorNote error={save.error} />
      {saved && <p role="status">{t('common.saved')}</p>}
    </form>
  )
}

/** One PATCH of the settings from a form: its error, whether it was saved, and the answer passed on. */
function useSettingsPatch(onSaved: (next: Settings) => void) {
  const { orgId } = useOrg()
  const save = useMutation()
  const [saved, setSaved] = useState(false)
  const patch = async (body: SettingsPatch) => {
    setSaved(false)
    const next = await save.run(() =>
      call(api.PATCH('/api/v1/orgs/{orgId}/settings', { params: { path: { orgId } }, body })),
    )
    if (next === undefined) return
    onSaved(next)
    setSaved(true)
  }
  return { save, saved, patch }
}
