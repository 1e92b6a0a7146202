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
import { formatDate } from '../components/status.tsx'
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
  const { features } = useSession()
  return (
    <section>
      <h1>SCIM and API tokens</h1>
      {features.includes('scim') ? (
        <TokenSection
          resource="scim-tokens"
          title="SCIM provisioning"
          intro="Give your IdP (Entra ID, Okta) the SCIM base URL and a token: it then creates, updates and deactivates users here."
        />
      ) : (
        <section>
          <h2>SCIM provisioning</h2>
          <p>SCIM provisioning is not in your plan: ask your provider to turn it on.</p>
        </section>
      )}
      <TokenSection
        resource="api-tokens"
        title="Admin API tokens"
        intro="For scripts and tools that use the Admin API. A token acts as an administrator of this organization."
      />
    </section>
  )
}

function TokenSection(props: {
  resource: 'scim-tokens' | 'api-tokens'
  title: string
  intro: string
}) {
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
      <h2 id={`${id}-title`}>{props.title}</h2>
      <p>{props.intro}</p>
      {baseUrl !== undefined && (
        <>
          <CopyField id={`${id}-base`} label="SCIM base URL" value={baseUrl} />
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
        <label for={`${id}-name`}>Token name</label>
        <input id={`${id}-name`} name="name" required maxLength={100} />
        <button type="submit">Create token</button>
      </form>
      {secret !== null && (
        <div class="notice" role="status">
          <p>Copy the token now: it is shown this once.</p>
          <CopyField id={`${id}-secret`} label="New token" value={secret} />
        </div>
      )}
      <ErrorNote error={change.error ?? tokens.error} />
      {tokens.data !== undefined && (
        <DataTable
          caption={props.title}
          rows={tokens.data.tokens}
          rowKey={(token) => token.id}
          empty="No tokens yet."
          columns={[
            { header: 'Name', cell: (token) => token.name },
            { header: 'Created', cell: (token) => formatDate(token.createdAt) },
            {
              header: 'Created by',
              cell: (token) => (token.createdBy === null ? '—' : token.createdBy.type),
            },
            { header: 'Last used', cell: (token) => formatDate(token.lastUsedAt) },
            {
              header: 'Status',
              cell: (token) =>
                token.revokedAt !== null ? (
                  `revoked ${formatDate(token.revokedAt)}`
                ) : (
                  <ConfirmButton
                    label="Revoke"
                    question={`Revoke “${token.name}”? Whatever uses it gets 401 from now on.`}
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
  const guides = IDP_GUIDES.filter((g) => g.scim !== undefined)
  return (
    <>
      {guides.map((guide) => (
        <details key={guide.product}>
          <summary>Connect {guide.name}</summary>
          <ol class="guide-steps">
            {(guide.scim ?? []).map((step, i) => (
              <li key={i}>
                <GuideText text={step} values={{ ...PLACEHOLDERS, scimUrl }} />
              </li>
            ))}
          </ol>
          <p>
            <a href={`/admin/sso`}>Single sign-on for {guide.name}</a> is set up on its own SSO
            profile.
          </p>
        </details>
      ))}
    </>
  )
}
