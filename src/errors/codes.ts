/**
 * The closed table of error codes. Codes are API (SPEC §7): add freely, never rename.
 * `status` is the HTTP status at the Admin API edge; `message` is public text.
 */
export const ERRORS = {
  // generic request problems
  'request.invalid': { status: 400, message: 'The request is invalid.' },
  'request.malformed_json': { status: 400, message: 'The request body is not valid JSON.' },
  'request.too_large': { status: 413, message: 'The request body is too large.' },
  'request.unsupported_media_type': {
    status: 415,
    message: 'The request body has an unsupported content type.',
  },
  'route.not_found': { status: 404, message: 'No such endpoint.' },
  internal_error: { status: 500, message: 'Something went wrong on our side.' },
  'service.unavailable': { status: 503, message: 'The service is not ready.' },

  // authentication of API callers
  'auth.unauthenticated': { status: 401, message: 'Authentication is required.' },
  'auth.forbidden': { status: 403, message: 'You are not allowed to do this.' },

  // organizations
  'org.not_found': { status: 404, message: 'Organization not found.' },
  'org.invalid_name': { status: 400, message: 'The organization name is invalid.' },

  // users
  'user.not_found': { status: 404, message: 'User not found.' },
  'user.invalid_email': { status: 400, message: 'The email address is invalid.' },
  'user.email_taken': { status: 409, message: 'A user with this email address already exists.' },

  // OIDC clients
  'client.invalid_name': { status: 400, message: 'The client name is invalid.' },
  'client.invalid_redirect_uri': { status: 400, message: 'A redirect URI is invalid.' },

  // admin API tokens
  'token.invalid_name': { status: 400, message: 'The token name is invalid.' },

  // command line
  'cli.usage': { status: 400, message: 'Invalid command-line arguments.' },
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof ERRORS

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERRORS, value)
}
