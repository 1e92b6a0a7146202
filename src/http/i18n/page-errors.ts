/**
 * The error codes a person can meet on a server-rendered page (login, invitation, reset, sign-out, the
 * ACS): every one has a message in every language. Admin-API-only codes never reach a page.
 */
import { ERRORS, type ErrorCode } from '../../errors/codes.ts'

export type PageErrorCode = Extract<
  ErrorCode,
  | `login.${string}`
  | `saml.${string}`
  | `oidc.${string}`
  | `invite.${string}`
  | `reset.${string}`
  | `password.${string}`
  | `request.${string}`
  | `factor.${string}`
  | 'route.not_found'
  | 'user.invalid_email'
  | 'service.unavailable'
  | 'internal_error'
>

const PAGE_PREFIXES = [
  'login.',
  'saml.',
  'oidc.',
  'invite.',
  'reset.',
  'password.',
  'request.',
  'factor.',
]
const PAGE_CODES = new Set<string>([
  'route.not_found',
  'user.invalid_email',
  'service.unavailable',
  'internal_error',
])

export function isPageErrorCode(code: string): code is PageErrorCode {
  return PAGE_CODES.has(code) || PAGE_PREFIXES.some((prefix) => code.startsWith(prefix))
}

export const PAGE_ERROR_CODES: readonly PageErrorCode[] =
  Object.keys(ERRORS).filter(isPageErrorCode)
