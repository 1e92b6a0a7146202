/**
 * SCIM (SPEC §4: base URL, tokens — secret shown once — and revoke) and Admin API tokens (create, list,
 * revoke), one section each over the same token routes.
 */
import { useState } from 'preact/hooks'
import { send } from '../api/client.ts'
import { fieldsOf } from '../api/forms.ts'
import { useMutation, useQuery } from '../api/hooks.ts'
import { DataTable } from '../components/data-table.tsx'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { CopyField } from '../components/copy-field.tsx'
import { ErrorNote } from '../components/error-note.tsx'
import { useT, type MessageKey } from '../i18n/i18n.tsx'
import { useOrg, useSession } from '../session.ts'
import { GuideText } from '../setup/guide-view.tsx'
import { IDP_GUIDES, PLACEHOLDERS } from '../setup/idp-guides.ts'

interface Token {
  id: string
  name: string
  createdAt: string
  createdBy: { type: string; id: string | null } | null
  lastUsedAt: string | null
  revokedAt: string | null
}

export function TokensPage() {
  const t = useT()
  const { features } = useSession()
  return (
    <section>
      <h1>{t('tokens.title')}</h1>
      {features.includes('scim') ? (
        <TokenSection resource="scim-tokens" title="tokens.scim_title" intro="tokens.scim_intro" />
      ) : (
        <section>
          <h2>{t('tokens.scim_title')}</h2>
          <p>{t('tokens.scim_not_in_plan')}</p>
        </section>
      )}
      <TokenSection resource="api-tokens" title="tokens.api_title" intro="tokens.api_intro" />
    </section>
  )
}

function TokenSection(props: {
  resource: 'scim-tokens' | 'api-tokens'
  title: MessageKey
  intro: MessageKey
}) {
  const t = useT()
  const { orgId } = useOrg()
  // One component for both kinds of token: the same routes under two names, so plain requests.
  const base = `/api/v1/orgs/${encodeURIComponent(orgId)}/${props.resource}`
  const tokens = useQuery(
    () => send<{ tokens: Token[]; scimBaseUrl?: string }>('GET', base),
    [base],
  )
  const change = useMutation()
  const [secret, setSecret] = useState<string | null>(null)
  const id = props.resource
  const baseUrl = tokens.data?.scimBaseUrl
  return (
    <section class="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t(props.title)}</h2>
      <p>{t(props.intro)}</p>
      {baseUrl !== undefined && (
        <>
          <CopyField id={`${id}-base`} label={t('guide.value.scimUrl')} value={baseUrl} />
          <ScimGuides scimUrl={baseUrl} />
        </>
      )}
      <form
        class="inline"
        onSubmit={async (event) => {
          event.preventDefault()
          const element = event.currentTarget
          const name = fieldsOf(element).text('name')
          const made = await change.run(() =>
            send<{ secret: string }>('POST', base, JSON.stringify({ name }), 'application/json'),
          )
          if (made === undefined) return
          setSecret(made.secret)
          element.reset()
          await tokens.reload()
        }}
      >
        <label for={`${id}-name`}>{t('tokens.name')}</label>
        <input id={`${id}-name`} name="name" required maxLength={100} />
        <button type="submit">{t('tokens.create')}</button>
      </form>
      {secret !== null && (
        <div class="notice" role="status">
          <p>{t('tokens.copy_now')}</p>
          <CopyField id={`${id}-secret`} label={t('tokens.new')} value={secret} />
        </div>
      )}
      <ErrorNote error={change.error ?? tokens.error} />
      {tokens.data !== undefined && (
        <DataTable
          caption={t(props.title)}
          rows={tokens.data.tokens}
          rowKey={(token) => token.id}
          empty={t('tokens.none')}
          columns={[
            { header: t('sso.name'), cell: (token) => token.name },
            { header: t('tokens.created'), cell: (token) => t.date(token.createdAt) },
            {
              header: t('tokens.created_by'),
              cell: (token) => (token.createdBy === null ? '—' : token.createdBy.type),
            },
            { header: t('tokens.last_used'), cell: (token) => t.date(token.lastUsedAt) },
            {
              header: t('tokens.status'),
              cell: (token) =>
                token.revokedAt !== null ? (
                  t('tokens.revoked', { at: t.date(token.revokedAt) })
                ) : (
                  <ConfirmButton
                    label={t('tokens.revoke')}
                    question={t('tokens.revoke_question', { token: token.name })}
                    danger
                    onConfirm={async () => {
                      const revoked = await change.run(async () => {
                        await send('DELETE', `${base}/${encodeURIComponent(token.id)}`)
                        return true
                      })
                      if (revoked === true) await tokens.reload()
                    }}
                  />
                ),
            },
          ]}
        />
      )}
    </section>
  )
}

/** Step by step for the IdPs whose SCIM clients Portcullis is checked against (Okta, Entra ID). */
function ScimGuides({ scimUrl }: { scimUrl: string }) {
  const t = useT()
  const guides = IDP_GUIDES.filter((g) => g.scim !== undefined)
  return (
    <>
      {guides.map((guide) => (
        <details key={guide.product}>
          <summary>{t('tokens.connect', { idp: guide.name })}</summary>
          {t.locale !== 'en' && <p class="hint">{t('guide.steps_note')}</p>}
          <ol class="guide-steps" lang="en">
            {(guide.scim ?? []).map((step, i) => (
              <li key={i}>
                <GuideText text={step} values={{ ...PLACEHOLDERS, scimUrl }} />
              </li>
            ))}
          </ol>
          <p>
            <a href="/admin">{t('tokens.sso_for', { idp: guide.name })}</a>
          </p>
        </details>
      ))}
    </>
  )
}
