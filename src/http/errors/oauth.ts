/** The OAuth 2.0 error surface (RFC 6749 §5.2, RFC 6750 §3.1): `{ error, error_description }`. */
import { AppError, isAppError } from '../../errors/app-error.ts'
import type { ErrorCode } from '../../errors/codes.ts'

const OAUTH_ERRORS: Partial<Record<ErrorCode, string>> = {
  'oidc.invalid_client': 'invalid_client',
  'oidc.invalid_grant': 'invalid_grant',
  'oidc.unsupported_grant_type': 'unsupported_grant_type',
  'oidc.invalid_token': 'invalid_token',
  'oidc.invalid_scope': 'invalid_scope',
  'oidc.duplicate_parameter': 'invalid_request',
  'oidc.invalid_request': 'invalid_request',
  'request.malformed_json': 'invalid_request',
  'request.unsupported_media_type': 'invalid_request',
  'request.too_large': 'invalid_request',
}

export interface OAuthErrorResponse {
  readonly status: number
  readonly body: { readonly error: string; readonly error_description: string }
  readonly unexpected: boolean
}

export function mapOAuthError(error: unknown): OAuthErrorResponse {
  if (!isAppError(error)) {
    const internal = new AppError('internal_error')
    return {
      status: 500,
      body: { error: 'server_error', error_description: internal.message },
      unexpected: true,
    }
  }
  if (error.code === 'service.unavailable') {
    return {
      status: 503,
      body: { error: 'temporarily_unavailable', error_description: error.message },
      unexpected: false,
    }
  }
  const name = OAUTH_ERRORS[error.code] ?? 'invalid_request'
  const status = name === 'invalid_client' || name === 'invalid_token' ? 401 : 400
  return { status, body: { error: name, error_description: error.message }, unexpected: false }
}
