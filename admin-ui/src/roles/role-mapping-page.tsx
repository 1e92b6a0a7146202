/**
 * Roles from the IdP's groups (issue 28): the organization's ordered rules — a SCIM group, or a value
 * of a SAML attribute (with the attribute names Entra ID, Okta, AD FS and LDAP-style IdPs send), gives
 * admin or member — edited here, previewed with a dry run ("this would make 3 admins, demote 1"), and
 * saved, which applies them at once. A save that would leave nobody a way in asks for the lock-out
 * acknowledgement, as enforcement does.
 */
import { useEffect, useState } from 'preact/hooks'
import { api, call, type Schemas } from '../api/client.ts'
import { useMutation, useQuery } from '../api/hooks.ts'
import { ErrorNote } from '../components/error-note.tsx'
import { LockoutAcknowledgement } from '../components/lockout-acknowledgement.tsx'
import { useT } from '../i18n/i18n.tsx'
import { useOrg } from '../session.ts'

type Rule = Schemas['RoleMapping']['rules'][number]
type Outcome = { changes: { email: string; from: string; to: string }[]; managedUsers: number }

/** The group attributes the big IdPs send (the Admin Center's presets). */
export const GROUP_ATTRIBUTES: readonly { label: string; name: string }[] = [
  {
    label: 'Microsoft Entra ID',
    name: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
  },
  { label: 'Okta', name: 'groups' },
  { label: 'AD FS', name: 'http://schemas.xmlsoap.org/claims/Group' },
  { label: 'memberOf (OneLogin, JumpCloud, Keycloak, LDAP)', name: 'memberOf' },
]

export function RoleMappingPage() {
  const t = useT()
  const { orgId } = useOrg()
  const path = { params: { path: { orgId } } }
  const saved = useQuery(() => call(api.GET('/api/v1/orgs/{orgId}/role-mapping', path)), [orgId])
  const [enabled, setEnabled] = useState(false)
  const [rules, setRules] = useState<Rule[]>([])
  const [preview, setPreview] = useState<Outcome | null>(null)
  const [done, setDone] = useState<Outcome | null>(null)
  const [acknowledged, setAcknowledged] = useState(false)
  const change = useMutation()
  useEffect(() => {
    if (saved.data === undefined) return
    setEnabled(saved.data.enabled)
    setRules(saved.data.rules.map((r) => ({ ...r })))
  }, [saved.data])

  const edit = (index: number, patch: Partial<Rule>) => {
    setPreview(null)
    setRules(rules.map((r, i) => (i === index ? clean({ ...r, ...patch }) : r)))
  }
  const move = (index: number, by: number) => {
    const next = [...rules]
    const [rule] = next.splice(index, 1)
    if (rule !== undefined) next.splice(index + by, 0, rule)
    setPreview(null)
    setRules(next)
  }
  const body = { enabled, rules }
  const lockout = change.error?.code === 'enforcement.lockout_risk'

  return (
    <section>
      <h1>{t('roles.title')}</h1>
      <p>{t('roles.intro')}</p>
      <ErrorNote error={saved.error} />
      <label class="choice">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(event) => {
            setPreview(null)
            setEnabled(event.currentTarget.checked)
          }}
        />
        {t('roles.enabled')}
      </label>
      <ol class="rules">
        {rules.map((rule, index) => (
          <li key={index}>
            <fieldset>
              <legend>{t('roles.rule_n', { n: String(index + 1) })}</legend>
              <label for={`rule-source-${index}`}>{t('roles.source')}</label>
              <select
                id={`rule-source-${index}`}
                value={rule.source}
                onChange={(event) =>
                  edit(index, { source: event.currentTarget.value as Rule['source'] })
                }
              >
                <option value="scim_group">{t('roles.source_scim')}</option>
                <option value="saml_attribute">{t('roles.source_saml')}</option>
              </select>
              {rule.source === 'saml_attribute' && (
                <>
                  <label for={`rule-attribute-${index}`}>{t('roles.attribute')}</label>
                  <input
                    id={`rule-attribute-${index}`}
                    list="group-attributes"
                    value={rule.attribute ?? ''}
                    onInput={(event) => edit(index, { attribute: event.currentTarget.value })}
                    aria-describedby="attribute-hint"
                  />
                </>
              )}
              <label for={`rule-match-${index}`}>
                {t(rule.source === 'scim_group' ? 'roles.match_scim' : 'roles.match_saml')}
              </label>
              <input
                id={`rule-match-${index}`}
                value={rule.match}
                onInput={(event) => edit(index, { match: event.currentTarget.value })}
              />
              <label for={`rule-role-${index}`}>{t('roles.role')}</label>
              <select
                id={`rule-role-${index}`}
                value={rule.role}
                onChange={(event) =>
                  edit(index, { role: event.currentTarget.value as Rule['role'] })
                }
              >
                <option value="admin">{t.status('admin')}</option>
                <option value="member">{t.status('member')}</option>
              </select>
              <div class="actions">
                <button type="button" disabled={index === 0} onClick={() => move(index, -1)}>
                  {t('roles.up')}
                </button>
                <button
                  type="button"
                  disabled={index === rules.length - 1}
                  onClick={() => move(index, 1)}
                >
                  {t('roles.down')}
                </button>
                <button
                  type="button"
                  onClick={() => {
                    setPreview(null)
                    setRules(rules.filter((_, i) => i !== index))
                  }}
                >
                  {t('roles.remove', { n: String(index + 1) })}
                </button>
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      {rules.length === 0 && <p>{t('roles.no_rules')}</p>}
      <datalist id="group-attributes">
        {GROUP_ATTRIBUTES.map((a) => (
          <option key={a.name} value={a.name} label={a.label} />
        ))}
      </datalist>
      <p id="attribute-hint" class="hint">
        {t('roles.attribute_hint')}
      </p>
      <div class="actions">
        <button
          type="button"
          onClick={() => setRules([...rules, { source: 'scim_group', match: '', role: 'admin' }])}
        >
          {t('roles.add')}
        </button>
        <button
          type="button"
          disabled={change.pending}
          onClick={async () => {
            setDone(null)
            const dry = await change.run(() =>
              call(api.POST('/api/v1/orgs/{orgId}/role-mapping/dry-run', { ...path, body })),
            )
            if (dry !== undefined) setPreview(dry)
          }}
        >
          {t('roles.preview')}
        </button>
      </div>
      {preview !== null && <Changes outcome={preview} title={t('roles.would')} />}
      <p class="hint">{t('roles.owner_note')}</p>
      <ErrorNote error={change.error} />
      {lockout && <LockoutAcknowledgement checked={acknowledged} onChange={setAcknowledged} />}
      <button
        type="button"
        disabled={change.pending}
        onClick={async () => {
          const result = await change.run(() =>
            call(
              api.PUT('/api/v1/orgs/{orgId}/role-mapping', {
                ...path,
                body: { ...body, ...(acknowledged && { acknowledgeLockoutRisk: true }) },
              }),
            ),
          )
          if (result === undefined) return
          setPreview(null)
          setAcknowledged(false)
          setDone(result)
          saved.set({ enabled: result.enabled, rules: result.rules })
        }}
      >
        {t('roles.save')}
      </button>
      {done !== null && <Changes outcome={done} title={t('roles.saved')} />}
    </section>
  )
}

/** A rule as the API takes it: an attribute only for SAML rules. */
function clean(rule: Rule): Rule {
  if (rule.source === 'scim_group') {
    const { attribute: _attribute, ...scim } = rule
    return scim
  }
  return { ...rule, attribute: rule.attribute ?? '' }
}

/** "This would make 3 admins and demote 1", and who. */
function Changes({ outcome, title }: { outcome: Outcome; title: string }) {
  const t = useT()
  const promoted = outcome.changes.filter((c) => c.to === 'admin').length
  const demoted = outcome.changes.length - promoted
  return (
    <div class="notice" role="status">
      <p>
        <strong>{title}</strong>{' '}
        {outcome.changes.length === 0
          ? t('roles.no_change', { managed: t.number(outcome.managedUsers) })
          : [
              promoted > 0 ? t.count('roles.promoted', promoted) : '',
              demoted > 0 ? t.count('roles.demoted', demoted) : '',
            ]
              .filter((part) => part !== '')
              .join(' ')}
      </p>
      {outcome.changes.length > 0 && (
        <ul>
          {outcome.changes.map((c) => (
            <li key={c.email}>
              {t('roles.change', { email: c.email, from: t.status(c.from), to: t.status(c.to) })}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
