/**
 * SCIM (SPEC §4: base URL, tokens — secret shown once — and revoke) and Admin API tokens (create, list,
 * revoke), one section each over the same token routes.
 */
import { useEffect, useState } from 'preact/hooks'
import { errorOf, send, type APIError } from '../api/client.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { CopyField } from '../components/copy-field.tsx'
import { ErrorNote } from '../components/error-note.tsx'
import { formatDate } from '../components/status.tsx'
import { useOrg } from '../session.ts'

interface Token {
  id: string
  name: string
  createdAt: string
  createdBy: { type: string; id: string | null } | null
  lastUsedAt: string | null
  revokedAt: string | null
}

export function TokensPage() {
  return (
    <section>
      <h1>SCIM and API tokens</h1>
      <TokenSection
        resource="scim-tokens"
        title="SCIM provisioning"
        intro="Give your IdP (Entra ID, Okta) the SCIM base URL and a token: it then creates, updates and deactivates users here."
      />
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
  const base = `/api/v1/orgs/${encodeURIComponent(orgId)}/${props.resource}`
  const [tokens, setTokens] = useState<Token[] | null>(null)
  const [baseUrl, setBaseUrl] = useState<string | null>(null)
  const [secret, setSecret] = useState<string | null>(null)
  const [error, setError] = useState<APIError | null>(null)
  const load = async () => {
    const data = await send<{ tokens: Token[]; scimBaseUrl?: string }>('GET', base)
    setTokens(data.tokens)
    setBaseUrl(data.scimBaseUrl ?? null)
  }
  useEffect(() => {
    void load().catch((e: unknown) => setError(errorOf(e)))
  }, [])
  const id = props.resource
  return (
    <section class="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{props.title}</h2>
      <p>{props.intro}</p>
      {baseUrl !== null && <CopyField id={`${id}-base`} label="SCIM base URL" value={baseUrl} />}
      <form
        class="inline"
        onSubmit={async (event) => {
          event.preventDefault()
          const form = event.currentTarget
          setError(null)
          try {
            const made = await send<{ secret: string }>(
              'POST',
              base,
              JSON.stringify({ name: String(new FormData(form).get('name') ?? '').trim() }),
              'application/json',
            )
            setSecret(made.secret)
            form.reset()
            await load()
          } catch (e) {
            setError(errorOf(e))
          }
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
      <ErrorNote error={error} />
      {tokens !== null && (
        <table class="list">
          <caption class="visually-hidden">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Created by</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>{formatDate(token.createdAt)}</td>
                <td>{token.createdBy === null ? '—' : token.createdBy.type}</td>
                <td>{formatDate(token.lastUsedAt)}</td>
                <td>
                  {token.revokedAt !== null ? (
                    `revoked ${formatDate(token.revokedAt)}`
                  ) : (
                    <ConfirmButton
                      label="Revoke"
                      question={`Revoke “${token.name}”? Whatever uses it gets 401 from now on.`}
                      danger
                      onConfirm={async () => {
                        try {
                          await send('DELETE', `${base}/${encodeURIComponent(token.id)}`)
                          await load()
                        } catch (e) {
                          setError(errorOf(e))
                        }
                      }}
                    />
                  )}
                </td>
              </tr>
            ))}
            {tokens.length === 0 && (
              <tr>
                <td colSpan={5}>No tokens yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  )
}
