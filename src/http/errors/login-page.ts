/**
 * The login pages' error surface: the public message, the stable reason code and what to do next
 * (SPEC §3.6, STYLE rule 17). Detail stays in the audit log.
 */
import { AppError, isAppError } from '../../errors/app-error.ts'
import type { ErrorCode } from '../../errors/codes.ts'

const NEXT_STEPS: Partial<Record<ErrorCode, string>> = {
  'login.transaction_expired':
    'Go back to the application you were signing in to and start again. Sign-in pages expire after 15 minutes and work only in the browser tab where they started.',
  'login.csrf_failed': 'Go back to the application you were signing in to and start again.',
  'login.invalid_credentials': 'Check the email address and password and try again.',
  'login.invalid_code':
    'Enter the code your app shows now (a code works once), or use one of your recovery codes.',
  'login.second_factor_expired': 'Start again and enter your password, then the code.',
  'login.passkey_failed': 'Try again, or sign in with your email address and password.',
  'login.locked': 'Wait a few minutes before trying again, or ask your administrator for help.',
  'login.rate_limited': 'Wait a few minutes before trying again.',
  'login.busy': 'Try again in a few seconds.',
  'login.sso_required':
    'Sign in through your organization’s identity provider. If that does not work, ask your administrator.',
  'login.sso_unavailable':
    'Your organization requires single sign-on, but it is not set up yet. Ask your administrator.',
  'login.account_deactivated': 'Ask your organization’s administrator to reactivate your account.',
  'login.email_required': 'Enter your email address first.',
  'login.organization_suspended':
    'Ask your organization’s administrator, or the provider of the application, to restore access.',
  'login.setup_link_other_account':
    'Sign out of the Admin Center, then open the link from the application again and sign in as an administrator of that organization.',
  'login.setup_link_invalid':
    'Go back to the application and open the Admin Center from there again: each setup link works once, for a few minutes.',
  'user.invalid_email': 'Enter the address in the form name@example.com.',
  'invite.invalid':
    'Ask your administrator for a new invitation. Each link works once and expires after a few days.',
  'reset.invalid':
    'Ask for a new link with “Forgot your password?” on the sign-in page. Each link works once, for one hour.',
  'password.too_short': 'Choose a longer password: a few unrelated words work well.',
  'password.too_long': 'Choose a shorter password.',
  'password.mismatch': 'Type the same password in both fields.',
  'password.contains_email': 'Choose a password that does not contain your email address.',
  'oidc.invalid_client':
    'The application that sent you here is not registered. Contact the application’s operator.',
  'oidc.invalid_redirect_uri':
    'The application that sent you here asked to return to an address it has not registered. Contact the application’s operator.',
  'oidc.duplicate_parameter':
    'The link that brought you here is malformed. Go back to the application and try again.',
  'oidc.invalid_logout_request': 'Close this page; you may still be signed in.',
  'service.unavailable': 'Wait a few seconds, then try again.',
  'saml.in_response_to_mismatch':
    'Go back to the application and sign in again, in one browser tab. Trying Portcullis over plain http? Then the identity provider must be on the same site (both on localhost, say): without https, browsers do not send this check’s cookie from another site.',
}

export interface LoginPageError {
  readonly status: number
  readonly code: ErrorCode
  readonly message: string
  readonly nextStep: string
}

export function toLoginPageError(error: unknown): LoginPageError {
  const appError = isAppError(error) ? error : new AppError('internal_error')
  return {
    status: appError.status,
    code: appError.code,
    message: appError.message,
    nextStep:
      NEXT_STEPS[appError.code] ??
      'Go back to the application you were signing in to and try again.',
  }
}
