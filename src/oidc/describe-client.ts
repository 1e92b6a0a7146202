/** What the operator API and the CLI show of a registered client (never a secret or its hash). */
import { ADMIN_CENTER_CLIENT_ID, type OIDCClient } from './oidc-client.ts'

export function describeClient(client: OIDCClient) {
  const overlap =
    client.previousSecretHash === null || client.previousSecretExpiresAt === null
      ? null
      : new Date(client.previousSecretExpiresAt).toISOString()
  return {
    id: client.id,
    name: client.name,
    type: client.secretHash === null ? ('public' as const) : ('confidential' as const),
    redirectUris: client.redirectUris,
    postLogoutRedirectUris: client.postLogoutRedirectUris,
    initiateLoginUri: client.initiateLoginUri,
    idTokenAlg: client.idTokenAlg,
    backchannelLogoutUri: client.backchannelLogoutUri,
    /** Until when the secret before the last rotation works (then or now past); null: no such secret. */
    previousSecretValidUntil: overlap,
    builtin: client.id === ADMIN_CENTER_CLIENT_ID,
    createdAt: new Date(client.createdAt).toISOString(),
    updatedAt: new Date(client.updatedAt).toISOString(),
  }
}
