/** OIDC clients (the console applications) and the rules for their registration (SPEC §1, §7). */
import { isLoopbackHost } from '../platform/hosts.ts'
import { constantEquals } from '../platform/crypto.ts'
import { AppError } from '../errors/app-error.ts'
import { readName } from '../platform/names.ts'
import { ID_TOKEN_ALGS, type IDTokenAlg } from './signing-key.ts'

/** The Admin Center signs administrators in through the login pages as this built-in public client. */
export const ADMIN_CENTER_CLIENT_ID = 'portcullis-admin-center'

export interface OIDCClient {
  readonly id: string
  readonly name: string
  readonly redirectUris: readonly string[]
  /** SHA-256 of the client secret for confidential clients; null for public clients. */
  readonly secretHash: string | null
  /** Where end-session may send the browser afterwards (OIDC RP-Initiated Logout §3). */
  readonly postLogoutRedirectUris: readonly string[]
  /** Where to send a user to have the console start a login (OIDC Core §4): IdP-initiated SSO lands here. */
  readonly initiateLoginUri: string | null
  /** `id_token_signed_response_alg` (OIDC Registration §2); RS256 unless registered otherwise. */
  readonly idTokenAlg: IDTokenAlg
  readonly createdAt: number
  readonly updatedAt: number
  readonly disabledAt: number | null
  /** After a secret rotation, the previous secret's hash, accepted until `previousSecretExpiresAt`. */
  readonly previousSecretHash: string | null
  readonly previousSecretExpiresAt: number | null
  /** OIDC Back-Channel Logout 1.0 §2.2: where logout tokens are POSTed when a session ends. */
  readonly backchannelLogoutUri: string | null
}

/** How long a rotated-out secret keeps working by default (the console's deploy window), and at most. */
export const DEFAULT_SECRET_OVERLAP_SECONDS = 24 * 3600
export const MAX_SECRET_OVERLAP_SECONDS = 30 * 24 * 3600

/** Whether `secretHash` (of what the client presented) is its secret, or its previous one still in overlap. */
export function acceptsSecretHash(client: OIDCClient, secretHash: string, now: number): boolean {
  const current = client.secretHash !== null && constantEquals(secretHash, client.secretHash)
  const previous =
    client.previousSecretHash !== null &&
    client.previousSecretExpiresAt !== null &&
    now < client.previousSecretExpiresAt &&
    constantEquals(secretHash, client.previousSecretHash)
  return current || previous
}

export const MAX_CLIENT_NAME_LENGTH = 200
export const MAX_REDIRECT_URIS = 20
const MAX_REDIRECT_URI_LENGTH = 2000

export function validateClientName(input: unknown): string {
  const name = readName(input, MAX_CLIENT_NAME_LENGTH)
  if (name === undefined) {
    throw new AppError('client.invalid_name', {
      details: { field: 'name', reason: `1 to ${MAX_CLIENT_NAME_LENGTH} printable characters` },
    })
  }
  return name
}

/**
 * Redirect URIs are matched exactly at authorization time, so they are checked strictly here:
 * absolute, https (or http on a loopback host, RFC 8252 §7.3), no fragment (RFC 6749 §3.1.2), no credentials.
 */
export function validateRedirectUris(input: readonly unknown[], allowEmpty = false): string[] {
  if ((input.length === 0 && !allowEmpty) || input.length > MAX_REDIRECT_URIS) {
    throw new AppError('client.invalid_redirect_uri', {
      details: { field: 'redirectUris', reason: `1 to ${MAX_REDIRECT_URIS} redirect URIs` },
    })
  }
  const uris = input.map(validateRedirectUri)
  return [...new Set(uris)]
}

/**
 * The back-channel logout URI (OIDC Back-Channel Logout 1.0 §2.2): an absolute https URI (http only on a
 * loopback host), no fragment; or none.
 */
export function validateBackchannelLogoutUri(input: unknown): string | null {
  if (input === undefined || input === null || input === '') return null
  return validateRedirectUris([input])[0] ?? null
}

/** The console's login initiation URI: same rules as a redirect URI, or none. */
export function validateInitiateLoginUri(input: unknown): string | null {
  if (input === undefined || input === null || input === '') return null
  return validateRedirectUris([input])[0] ?? null
}

function validateRedirectUri(input: unknown): string {
  const fail = (reason: string): AppError =>
    new AppError('client.invalid_redirect_uri', {
      details: { field: 'redirectUris', value: String(input).slice(0, 200), reason },
    })
  if (typeof input !== 'string' || input.length > MAX_REDIRECT_URI_LENGTH) {
    throw fail('not a URI')
  }
  let url: URL
  try {
    url = new URL(input)
  } catch {
    throw fail('not an absolute URI')
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw fail('must use https (http only on localhost)')
  }
  if (input.includes('#')) throw fail('must not contain a fragment')
  if (url.username || url.password) throw fail('must not contain credentials')
  // Stored as given: the authorization endpoint compares the exact string (RFC 6749 §3.1.2.3).
  if (url.href !== input && url.href !== `${input}/`) throw fail('must be in normalised form')
  return input
}

export function validateIdTokenAlg(input: unknown): IDTokenAlg {
  if (input === undefined || input === null || input === '') return 'RS256'
  if (typeof input === 'string' && (ID_TOKEN_ALGS as readonly string[]).includes(input)) {
    return input as IDTokenAlg
  }
  throw new AppError('client.invalid_id_token_alg', {
    details: { field: 'idTokenAlg', reason: `one of ${ID_TOKEN_ALGS.join(', ')}` },
  })
}
