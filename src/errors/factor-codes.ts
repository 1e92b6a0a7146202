/**
 * Error codes of two-factor sign-in (issue 25): second factors, recovery codes, the second step of a
 * password sign-in. Part of the one table in codes.ts.
 */
export const FACTOR_ERRORS = {
  'factor.invalid_name': { status: 400, message: 'The name of the sign-in method is invalid.' },
  'factor.not_found': { status: 404, message: 'That sign-in method was not found.' },
  'factor.too_many': {
    status: 409,
    message: 'You have as many sign-in methods as you may (10). Remove one first.',
  },
  'factor.invalid_code': {
    status: 400,
    message: 'That code is not right, or was used already. Enter the current code from your app.',
  },
  'factor.required': {
    status: 409,
    message:
      'Your organization requires a second sign-in step: add another authenticator app or passkey before removing this one.',
  },
  'factor.not_offered': {
    status: 409,
    message: 'Your organization does not offer a second sign-in step.',
  },
  'factor.passkey_failed': {
    status: 400,
    message: 'The passkey could not be added. Try again, or use another passkey or security key.',
  },
  'factor.sso_user': {
    status: 409,
    message:
      'Your organization’s identity provider decides how you sign in; there is nothing to set here.',
  },
} as const
