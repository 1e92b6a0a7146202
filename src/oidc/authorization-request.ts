/**
 * Validation of an authorization request (RFC 6749 §4.1.1, OIDC Core §3.1.2.1), pure. Order matters:
 * client and redirect URI first, because until both are known nothing may be sent to the redirect URI
 * (STYLE rule 27); every later error is returned to the client at its redirect URI.
 */
import { AppError } from '../errors/app-error.ts'
import type { Params } from '../platform/params.ts'
import type { OIDCClient } from './oidc-client.ts'
import { isValidCodeChallenge } from './pkce.ts'

export const SUPPORTED_SCOPES = ['openid', 'email', 'profile', 'organization'] as const
export const PROMPTS = ['none', 'login'] as const
export type Prompt = (typeof PROMPTS)[number]

/** What an authorization request asks for, and what its code will be bound to. */
export interface PendingAuthorization {
  readonly clientId: string
  readonly redirectUri: string
  readonly state: string | null
  readonly nonce: string | null
  readonly scope: string
  readonly codeChallenge: string
}

export interface AuthorizationRequest extends PendingAuthorization {
  readonly prompt: Prompt | null
  readonly loginHint: string | null
  /** OIDC `ui_locales`: space-separated language tags, most preferred first. */
  readonly uiLocales: string | null
  /** `max_age` in seconds (OIDC Core §3.1.2.1), or null when not sent. */
  readonly maxAgeSeconds: number | null
}

const MAX_PARAM_LENGTH = 2048

/** Errors raised before the redirect URI is trusted: shown on our page, never redirected. */
export const PAGE_ONLY_ERRORS = new Set([
  'oidc.duplicate_parameter',
  'oidc.invalid_client',
  'oidc.invalid_redirect_uri',
])

/** Step 0: no parameter may repeat (STYLE rule 27). */
export function assertNoDuplicateParams(params: Params): void {
  const duplicated = params.duplicated()
  if (duplicated.length > 0) {
    throw new AppError('oidc.duplicate_parameter', { details: { parameters: duplicated } })
  }
}

/** Step 1: the client (looked up by the caller from `client_id`) and its redirect URI. */
export function checkClientAndRedirect(
  params: Params,
  client: OIDCClient | undefined,
): { client: OIDCClient; redirectUri: string } {
  if (client === undefined || client.disabledAt !== null) throw new AppError('oidc.invalid_client')
  const redirectUri = params.get('redirect_uri')
  // Exact string match against the registered list (RFC 6749 §3.1.2.3; OIDC Core §3.1.2.1).
  if (redirectUri === undefined || !client.redirectUris.includes(redirectUri)) {
    throw new AppError('oidc.invalid_redirect_uri')
  }
  return { client, redirectUri }
}

/** Step 2: everything else. Errors from here on go back to the client's redirect URI. */
export function validateAuthorizationRequest(
  params: Params,
  client: OIDCClient,
  redirectUri: string,
): AuthorizationRequest {
  for (const name of ['state', 'nonce', 'scope', 'code_challenge', 'login_hint', 'ui_locales']) {
    if ((params.get(name)?.length ?? 0) > MAX_PARAM_LENGTH) {
      throw new AppError('oidc.invalid_request', { details: { parameter: name } })
    }
  }
  if (params.has('request') || params.has('request_uri')) {
    throw new AppError('oidc.request_not_supported')
  }
  if (params.get('response_type') !== 'code') throw new AppError('oidc.unsupported_response_type')
  const responseMode = params.get('response_mode')
  if (responseMode !== undefined && responseMode !== 'query') {
    throw new AppError('oidc.invalid_request', { details: { parameter: 'response_mode' } })
  }
  const requested = (params.get('scope') ?? '').split(' ').filter(Boolean)
  if (!requested.includes('openid')) throw new AppError('oidc.invalid_scope')
  // Unknown scopes are ignored (RFC 6749 §3.3 lets the server narrow the scope).
  const scope = SUPPORTED_SCOPES.filter((s) => requested.includes(s)).join(' ')

  const challenge = params.get('code_challenge')
  const method = params.get('code_challenge_method')
  if (challenge === undefined || method === undefined) throw new AppError('oidc.pkce_required')
  if (method !== 'S256') {
    throw new AppError('oidc.pkce_required', { details: { reason: 'only S256 is accepted' } })
  }
  if (!isValidCodeChallenge(challenge)) {
    throw new AppError('oidc.pkce_required', { details: { reason: 'malformed code_challenge' } })
  }
  const maxAge = params.get('max_age')
  // A non-negative integer number of seconds; anything else is a malformed request.
  if (maxAge !== undefined && !/^[0-9]{1,10}$/.test(maxAge)) {
    throw new AppError('oidc.invalid_request', { details: { parameter: 'max_age' } })
  }
  const prompt = params.get('prompt')
  const prompts = (prompt ?? '').split(' ').filter(Boolean)
  if (prompts.includes('none') && prompts.length > 1) {
    throw new AppError('oidc.invalid_request', { details: { parameter: 'prompt' } })
  }
  return {
    clientId: client.id,
    redirectUri,
    state: params.get('state') ?? null,
    nonce: params.get('nonce') ?? null,
    scope,
    codeChallenge: challenge,
    prompt: prompts.includes('none') ? 'none' : prompts.includes('login') ? 'login' : null,
    loginHint: params.get('login_hint') ?? null,
    uiLocales: params.get('ui_locales') ?? null,
    maxAgeSeconds: maxAge === undefined ? null : Number(maxAge),
  }
}

/**
 * Whether an existing authentication made at `authTime` may answer `request` at `now` without asking
 * the user again: not with `prompt=login`, and not when it is older than `max_age` (OIDC Core
 * §3.1.2.1; `max_age=0` is a fresh login every time, like `prompt=login`).
 */
export function mayReuseAuthentication(
  request: Pick<AuthorizationRequest, 'prompt' | 'maxAgeSeconds'>,
  authTime: number,
  now: number,
): boolean {
  if (request.prompt === 'login') return false
  if (request.maxAgeSeconds === null) return true
  return request.maxAgeSeconds > 0 && now - authTime <= request.maxAgeSeconds * 1000
}

/** The URL that returns a result to the client (RFC 6749 §4.1.2; RFC 9207 `iss`). */
export function clientRedirect(
  redirectUri: string,
  issuer: string,
  values: Readonly<Record<string, string | null | undefined>>,
): string {
  const url = new URL(redirectUri)
  for (const [key, value] of Object.entries(values)) {
    if (value !== null && value !== undefined) url.searchParams.set(key, value)
  }
  url.searchParams.set('iss', issuer)
  return url.href
}
