/**
 * Every string the server-rendered pages show, in English (the fallback language). Other languages
 * translate exactly these keys (`messages.test.ts` checks every key and every `{placeholder}`).
 * Error messages of the codes that reach these pages come from the error table, so the page and the
 * Admin API say the same thing in English.
 */
import { ERRORS } from '../../errors/codes.ts'
import { PAGE_ERROR_CODES, type PageErrorCode } from './page-errors.ts'

const pages = {
  // The frame of every page.
  'frame.sign_in_to': 'Sign in to {app}',
  'frame.organization': 'Organization: {org}',
  'frame.back': 'Back to {app}',
  'frame.back_generic': 'Back to the application',
  'frame.support': 'Need help? Contact {contact} and give them the reason code.',
  'frame.logo': '{product} logo',

  // Email step.
  'email.title': 'Sign in',
  'email.label': 'Email address',
  'email.continue': 'Continue',
  'email.use_password': 'Sign in with a password instead',
  'email.use_password_hint': 'Only if your administrator lets your account skip single sign-on.',

  // Password step.
  'password.title': 'Enter your password',
  'password.signing_in_as': 'Signing in as {email}',
  'password.label': 'Password',
  'password.submit': 'Sign in',
  'password.forgot': 'Forgot your password?',
  'password.use_sso': 'Sign in with single sign-on',
  'password.other_email': 'Use another email address',

  'second_factor.title': 'Confirm it is you',
  'second_factor.text': 'Enter the 6-digit code from your authenticator app for {email}.',
  'second_factor.code_label': 'Code',
  'second_factor.submit': 'Continue',
  'second_factor.recovery_summary': 'Use a recovery code instead',
  'second_factor.recovery_label': 'Recovery code',
  'second_factor.recovery_submit': 'Sign in with the recovery code',
  'enrol.title': 'Set up two-step sign-in',
  'enrol.text':
    'Your organization asks for a second step when you sign in with a password. Set up an authenticator app for {email}.',
  'enrol.codes_title': 'Save your recovery codes',
  'enrol.continue': 'I have saved them — continue',
  'account.title': 'Your account',
  'account.name': 'Name',
  'account.email': 'Email',
  'account.organization': 'Organization',
  'account.done_password': 'Your password was changed. Your other sessions were signed out.',
  'account.done_factor_added': 'The authenticator app was added.',
  'account.done_factor_renamed': 'The name was saved.',
  'account.done_factor_removed': 'The sign-in method was removed.',
  'account.done_signed_out': 'Signed out.',
  'account.password_title': 'Password',
  'account.password_text':
    'Changing your password signs you out everywhere else. Your second factors stay as they are.',
  'account.password_current': 'Current password',
  'account.password_submit': 'Change password',
  'account.factors_title': 'Two-step sign-in',
  'account.factors_sso':
    'You sign in through your organization’s identity provider, which decides how you prove who you are.',
  'account.factors_required':
    'Your organization requires a second step after your password: keep at least one authenticator app or passkey.',
  'account.factors_optional':
    'A second step after your password keeps your account safe even if someone learns the password.',
  'account.factors_off':
    'Your organization does not offer a second step; the ones you have are still asked for.',
  'account.factors_none': 'You have no second step yet.',
  'account.factor_last_used': 'Last used',
  'account.factor_new_name': 'New name for {name}',
  'account.factor_rename': 'Save name',
  'account.factor_remove': 'Remove',
  'account.factor_remove_named': 'Remove {name}',
  'account.kind_totp': 'Authenticator app',
  'account.kind_passkey': 'Passkey',
  'account.totp_name': 'Name of a new authenticator app (optional)',
  'account.totp_name_placeholder': 'for example: Work phone',
  'account.totp_add': 'Add an authenticator app',
  'account.totp_title': 'Add an authenticator app',
  'account.recovery_title': 'Recovery codes',
  'account.recovery_left': 'You have {count} unused recovery codes.',
  'account.recovery_new': 'Make new recovery codes',
  'account.codes_done': 'I have saved them — back to my account',
  'account.cancel': 'Cancel',
  'account.sessions_title': 'Where you are signed in',
  'account.session_started': 'Signed in',
  'account.session_last_seen': 'Last active',
  'account.session_current': 'This browser',
  'account.session_sign_out': 'Sign out',
  'account.sessions_sign_out_others': 'Sign out everywhere else',
  'account.sign_out_title': 'Sign out',
  'account.sign_out': 'Sign out of this browser',
  'email.use_passkey': 'Sign in with a passkey',
  'passkey.failed': 'The passkey was not used. Try again, or choose another way.',
  'second_factor.text_passkey': 'Use your passkey or security key for {email}.',
  'second_factor.use_passkey': 'Use a passkey or security key',
  'account.passkey_name': 'Name of a new passkey (optional)',
  'account.passkey_name_placeholder': 'for example: Laptop',
  'account.passkey_add': 'Add a passkey or security key',
  'account.done_passkey_added': 'The passkey was added.',
  'logout.account': 'Manage your account instead (password, two-step sign-in, sessions)',
  'totp.scan':
    'Scan the QR code with an authenticator app (for example Google Authenticator, Microsoft Authenticator or 1Password).',
  'totp.enter_code': 'Enter the 6-digit code the app then shows.',
  'totp.qr_label': 'QR code to scan with your authenticator app',
  'totp.manual': 'Cannot scan it? Type this key into the app instead:',
  'totp.code_label': 'Code from the app',
  'totp.confirm': 'Confirm',
  'recovery.text':
    'Each of these codes signs you in once if you lose your authenticator. Keep them somewhere safe, such as a password manager: they are shown only now.',

  // Hand-over to the identity provider.
  'sso.title': 'Continue to your identity provider',
  'sso.text': 'Your organization signs you in through its identity provider.',
  'sso.continue': 'Continue',

  // Errors.
  'error.title': 'We could not sign you in',
  'error.title_logout': 'Sign-out failed',
  'error.title_sso': 'Single sign-on required',
  'error.title_test': 'The connection test could not start',
  'error.reason': 'Reason: {code}',
  'error.start_again': 'Start again',

  // Invitation.
  'invite.title': 'Activate your account',
  'invite.text': 'Choose a password for {email}.',
  'invite.submit': 'Activate account',
  'invite.done_title': 'Your account is active',
  'invite.done_text':
    '{email} can now sign in. If your organization requires single sign-on, sign in through its identity provider.',
  'invite.done_sign_in': 'Sign in',
  'invite.done_signed_in': '{email} is active and signed in. Go on to the application.',
  'done.account': 'Your account (password, two-step sign-in, sessions)',

  // Choosing a password (invitation and reset).
  'new_password.label': 'New password',
  'new_password.hint':
    'At least 12 characters, without the part of your email address before the @ (a few unrelated words work well).',
  'new_password.repeat': 'Repeat the password',

  // Forgotten password.
  'forgot.title': 'Reset your password',
  'forgot.text': 'Enter your email address and we will send you a link to choose a new password.',
  'forgot.submit': 'Send the link',
  'forgot.sent_title': 'Check your mail',
  'forgot.sent_text':
    'If an account uses that address, a message is on its way with what to do next. It can take a few minutes; look in your spam folder too. A reset link works once, for one hour.',
  'forgot.back': 'Back to sign-in',
  'reset.title': 'Choose a new password',
  'reset.text': 'For {email}. You will be signed out everywhere.',
  'reset.submit': 'Set password',
  'reset.done_title': 'Your password is changed',
  'reset.done_text': '{email} is signed out everywhere. Sign in again with the new password.',
  'reset.done_signed_in':
    '{email} was signed out everywhere else and is signed in here with the new password.',

  // Sign-out.
  'logout.title': 'Sign out',
  'logout.question': 'Sign out?',
  'logout.submit': 'Sign out',
  'logout.done_title': 'Signed out',
  'logout.done_heading': 'You are signed out',
  'logout.done_text': 'You can close this page.',

  // After a SAML login that no application is waiting for.
  'signed_in.title': 'Signed in',
  'signed_in.heading': 'You are signed in',
  'signed_in.text': 'Open your application; it will use this sign-in.',

  // Connection tests (administrators).
  'test.title': 'Connection test',
  'test.passed': 'Connection test passed',
  'test.failed': 'Connection test failed',
  'test.passed_text': 'The identity provider signed in {email}. No session was created.',
  'test.failed_text': 'No session was created. Fix what is listed below and test again.',
  'test.attributes': 'Attributes',
  'test.encryption': 'Encryption',
  'test.encrypted': 'Encrypted: {data}, key transport {transport}',
  'test.not_encrypted': 'Not encrypted',
  'test.names': 'Names from the attribute mapping',
  'test.names_unmapped': 'No attribute mapping is set: sign-ins leave names as they are.',
  'test.names_ignored': '{attribute}: not used ({reason})',
  'test.names_missing': '{attribute}: not sent',
  'field.givenName': 'Given name',
  'field.familyName': 'Family name',
  'field.displayName': 'Display name',
  'reason.multi_valued': 'several values',
  'reason.too_long': 'longer than 200 characters',
  'reason.control_characters': 'control characters',
  'reason.empty': 'empty',
  'test.back': 'Back to the SSO profile in the Admin Center',
  'test.continue': 'Continue setting up SSO',
  'test.confirm_title': 'Test the single sign-on connection',
  'test.confirm_text':
    'This tests {profile}. You will be sent to {destination} to sign in; no session is created here.',
  'test.confirm_warning': 'Continue only if you started this test.',
  'test.confirm_submit': 'Continue to {destination}',

  // Around the Admin Center.
  'admin.no_access_title': 'No access to the Admin Center',
  'admin.no_access_text':
    'You are signed in as {email}. The Admin Center is for your organization’s administrators; ask one of them if you need to change something.',
  'admin.not_built_title': 'The Admin Center is not built',
  'admin.not_built_text': 'The operator needs to run {command} (it runs at npm ci).',
  'admin.sign_in_again': 'Sign in to the Admin Center again',

  // What to do next, per reason code (others get `next.default`).
  'next.default': 'Go back to the application you were signing in to and try again.',
  'next.login.transaction_expired':
    'Go back to the application you were signing in to and start again. Sign-in pages expire after 15 minutes and work only in the browser tab where they started.',
  'next.login.csrf_failed': 'Go back to the application you were signing in to and start again.',
  'next.login.invalid_credentials': 'Check the email address and password and try again.',
  'next.login.invalid_code':
    'Enter the code your app shows now (a code works once), or use one of your recovery codes.',
  'next.login.passkey_failed': 'Try again, or sign in with your email address and password.',
  'next.factor.invalid_code': 'Enter the code your app shows now; a code works once.',
  'next.factor.required': 'Add another authenticator app first, then remove this one.',
  'next.factor.too_many': 'Remove a sign-in method you no longer use.',
  'next.login.second_factor_expired': 'Start again and enter your password, then the code.',
  'next.login.locked':
    'Wait a few minutes before trying again, or ask your administrator for help.',
  'next.login.rate_limited': 'Wait a few minutes before trying again.',
  'next.login.busy': 'Try again in a few seconds.',
  'next.login.sso_required':
    'Sign in through your organization’s identity provider. If that does not work, ask your administrator.',
  'next.login.sso_unavailable':
    'Your organization requires single sign-on, but it is not set up yet. Ask your administrator.',
  'next.login.account_deactivated':
    'Ask your organization’s administrator to reactivate your account.',
  'next.login.email_required': 'Enter your email address first.',
  'next.login.organization_suspended':
    'Ask your organization’s administrator, or the provider of the application, to restore access.',
  'next.login.setup_link_other_account':
    'Sign out of the Admin Center, then open the link from the application again and sign in as an administrator of that organization.',
  'next.login.setup_link_invalid':
    'Go back to the application and open the Admin Center from there again: each setup link works once, for a few minutes.',
  'next.user.invalid_email': 'Enter the address in the form name@example.com.',
  'next.invite.invalid':
    'Ask your administrator for a new invitation. Each link works once and expires after a few days.',
  'next.reset.invalid':
    'Ask for a new link with “Forgot your password?” on the sign-in page. Each link works once, for one hour.',
  'next.password.too_short': 'Choose a longer password: a few unrelated words work well.',
  'next.password.too_long': 'Choose a shorter password.',
  'next.password.mismatch': 'Type the same password in both fields.',
  'next.password.contains_email': 'Choose a password that does not contain your email address.',
  'next.oidc.invalid_client':
    'The application that sent you here is not registered. Contact the application’s operator.',
  'next.oidc.invalid_redirect_uri':
    'The application that sent you here asked to return to an address it has not registered. Contact the application’s operator.',
  'next.oidc.duplicate_parameter':
    'The link that brought you here is malformed. Go back to the application and try again.',
  'next.oidc.invalid_logout_request': 'Close this page; you may still be signed in.',
  'next.service.unavailable': 'Wait a few seconds, then try again.',
  'next.saml.in_response_to_mismatch':
    'Go back to the application and sign in again, in one browser tab. Trying Portcullis over plain http? Then the identity provider must be on the same site (both on localhost, say): without https, browsers do not send this check’s cookie from another site.',
} as const

type ErrorKeys = { readonly [C in PageErrorCode as `error.${C}`]: string }

const errors = Object.fromEntries(
  PAGE_ERROR_CODES.map((code) => [`error.${code}`, ERRORS[code].message]),
) as ErrorKeys

export type MessageKey = keyof typeof pages | keyof ErrorKeys
export type Messages = Readonly<Record<MessageKey, string>>

export const en: Messages = { ...pages, ...errors }
