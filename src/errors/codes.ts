import { FACTOR_ERRORS } from './factor-codes.ts'
import { OPERATOR_ERRORS } from './operator-codes.ts'

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
  'service.unavailable': {
    status: 503,
    message: 'The service is briefly unavailable. Try again in a few seconds.',
  },

  // authentication of API callers
  'auth.unauthenticated': { status: 401, message: 'Authentication is required.' },
  'auth.forbidden': { status: 403, message: 'You are not allowed to do this.' },
  'auth.reauthentication_required': {
    status: 403,
    message: 'For this change, sign in again: your last sign-in was more than a few minutes ago.',
  },
  'auth.csrf_failed': {
    status: 403,
    message:
      'A session-authenticated change needs the X-CSRF-Token header from GET /api/v1/session.',
  },

  // organizations
  'org.not_found': { status: 404, message: 'Organization not found.' },
  'org.invalid_name': { status: 400, message: 'The organization name is invalid.' },
  'org.invalid_settings': {
    status: 400,
    message: 'An organization setting is unknown or outside what this deployment allows.',
  },

  // users
  'user.not_found': { status: 404, message: 'User not found.' },
  'user.invalid_email': { status: 400, message: 'The email address is invalid.' },
  'user.email_taken': { status: 409, message: 'A user with this email address already exists.' },
  'user.external_id_taken': {
    status: 409,
    message: 'Another user of this organization has this external ID.',
  },
  'user.domain_taken': {
    status: 409,
    message: 'This email address is in a domain that another organization has verified.',
  },
  'user.owner_protected': {
    status: 409,
    message: 'The owner cannot be removed, deactivated or demoted; transfer ownership first.',
  },
  'user.not_active': { status: 409, message: 'The user is not active.' },
  'user.role_from_idp': {
    status: 409,
    message:
      "This user's role comes from the identity provider's groups (role mapping is on): change their groups at the IdP, or the organization's role mapping.",
  },
  'role_mapping.invalid': {
    status: 400,
    message:
      'The role mapping is not valid: each rule needs a source (scim_group or saml_attribute), a value to match (1 to 256 characters) and a role (admin or member); at most 50 rules.',
  },
  'user.no_password': {
    status: 409,
    message: 'The user has no password to reset: they sign in with single sign-on.',
  },
  'user.mail_unavailable': {
    status: 409,
    message:
      'Email is not set up on this deployment (SMTP_URL), so the person could not receive a reset link.',
  },
  'user.owner_lockout': {
    status: 409,
    message:
      'The owner would have to sign in with single sign-on, and no tested SSO profile serves their domain. Keep a way in for the owner: test a profile for their domain, or set their SSO to "disabled".',
  },
  'user.not_invited': {
    status: 409,
    message: 'Only a user who has not accepted an invitation yet can be sent a new one.',
  },
  'user.invalid_name': { status: 400, message: 'A name is invalid.' },
  'sso.confirmation_required': {
    status: 400,
    message: 'Changing how a user signs in needs "confirm": true.',
  },

  // OIDC clients
  'client.invalid_name': { status: 400, message: 'The client name is invalid.' },
  'client.invalid_redirect_uri': { status: 400, message: 'A redirect URI is invalid.' },
  'client.invalid_id_token_alg': {
    status: 400,
    message: 'The ID token algorithm must be RS256, ES256 or EdDSA.',
  },

  // admin API tokens
  'token.invalid_name': { status: 400, message: 'The token name is invalid.' },
  // bulk user import
  'import.too_large': {
    status: 413,
    message: 'The file is too large: an import takes at most 16 MiB.',
  },
  'import.too_many_rows': {
    status: 400,
    message: 'The file has too many rows: split it into files of at most 100,000 rows.',
  },
  'import.not_text': {
    status: 400,
    message: 'The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.',
  },
  'import.empty': { status: 400, message: 'The file is empty: it needs a header line.' },
  'import.unknown_column': {
    status: 400,
    message: 'The header names a column that is not imported.',
  },
  'import.duplicate_column': { status: 400, message: 'The header names a column twice.' },
  'import.missing_email_column': {
    status: 400,
    message: 'The header must name an email column.',
  },
  'import.invalid_csv': { status: 400, message: 'The file is not valid CSV.' },
  'import.run_not_found': { status: 404, message: 'Import run not found.' },
  'import.run_moved': {
    status: 409,
    message: 'Another instance applied this part of the import run first.',
  },
  'import.bad_upload': {
    status: 400,
    message: 'Send the CSV as a text/csv body, or as the one file of a multipart/form-data upload.',
  },
  'api_token.not_found': { status: 404, message: 'Admin API token not found.' },
  'api_token.session_required': {
    status: 403,
    message:
      'Admin API tokens are made by a signed-in administrator or the operator, not by another token.',
  },
  'scim_token.not_found': { status: 404, message: 'SCIM token not found.' },
  'group.not_found': { status: 404, message: 'Group not found.' },

  // SCIM 2.0 (SPEC §5): mapped to RFC 7644 §3.12 errors with their scimType by the SCIM surface
  'scim.unauthorized': { status: 401, message: 'A valid SCIM bearer token is required.' },
  'scim.not_found': { status: 404, message: 'Resource not found.' },
  'scim.invalid_filter': { status: 400, message: 'The filter is not valid or not supported.' },
  'scim.invalid_syntax': { status: 400, message: 'The request body is not a valid SCIM message.' },
  'scim.invalid_value': {
    status: 400,
    message: 'A value is missing, of the wrong type or not allowed.',
  },
  'scim.invalid_path': { status: 400, message: 'The PATCH path is not valid.' },
  'scim.no_target': {
    status: 400,
    message: 'The PATCH path matches nothing to remove or replace.',
  },
  'scim.mutability': { status: 400, message: 'That attribute cannot be changed.' },
  'scim.uniqueness': {
    status: 409,
    message: 'A user with this userName or externalId already exists.',
  },
  'scim.too_many': { status: 400, message: 'The request asks for too much at once.' },
  'scim.precondition_failed': {
    status: 412,
    message: 'The resource changed since the version given in If-Match.',
  },
  'scim.owner_protected': {
    status: 403,
    message: 'The organization owner cannot be deactivated or deleted through SCIM.',
  },
  'scim.domain_not_verified': {
    status: 400,
    message: 'The userName must be an email address in a domain this organization has verified.',
  },

  // domains
  'domain.not_found': { status: 404, message: 'Domain not found.' },
  'domain.invalid': { status: 400, message: 'That is not a valid domain name.' },
  'domain.public_mail': {
    status: 400,
    message: 'Public mail domains (gmail.com, outlook.com, …) cannot be verified.',
  },
  'domain.exists': { status: 409, message: 'This organization has already added this domain.' },
  'domain.public_suffix': {
    status: 400,
    message: 'This is a public suffix (like co.uk or github.io), which no organization can own.',
  },
  'domain.taken': { status: 409, message: 'Another organization has verified this domain.' },
  'domain.verification_failed': {
    status: 409,
    message: 'The DNS record was not found. Publish it, wait for DNS to update, and try again.',
  },
  'domain.dns_unavailable': {
    status: 503,
    message: 'DNS could not be queried just now. Try again in a minute.',
  },

  // SSO enforcement
  'enforcement.unknown_domain': {
    status: 409,
    message: 'That domain has not been added to this organization.',
  },
  'enforcement.unverified_domain': {
    status: 409,
    message: 'Only verified domains can be enforced.',
  },
  'enforcement.profile_required': {
    status: 409,
    message:
      'An enforced domain would be left without a tested SSO profile, and nobody in it could sign in. Lift enforcement on it first, or repeat the request with liftEnforcement=true to lift it together with this change.',
  },
  'enforcement.untested_profile': {
    status: 409,
    message: 'The domain must be served by an SSO profile whose last connection test passed.',
  },
  'enforcement.lockout_risk': {
    status: 409,
    message:
      'After this change no owner or admin could sign in without the identity provider. Send "acknowledgeLockoutRisk": true (query parameter acknowledgeLockoutRisk=true where there is no body) to proceed.',
  },

  // SSO profile configuration
  'sso.not_found': { status: 404, message: 'SSO profile not found.' },
  'sso.invalid_settings': { status: 400, message: 'An SSO profile setting is invalid.' },
  'sso.invalid_metadata': { status: 400, message: 'The IdP metadata could not be used.' },
  'sso.metadata_fetch_failed': {
    status: 502,
    message: 'The IdP metadata URL could not be fetched.',
  },
  'sso.metadata_url_forbidden': {
    status: 400,
    message: 'The metadata URL must be https and point at a public address.',
  },
  'sso.domain_served_elsewhere': {
    status: 409,
    message: 'Another SSO profile already serves one of these domains.',
  },
  'sso.domain_not_verified': {
    status: 409,
    message: 'Only verified domains can be served by a profile.',
  },
  'sso.incomplete': {
    status: 409,
    message: 'The profile needs an IdP entity ID, SSO URL and certificate first.',
  },
  'sso.certificate_invalid': { status: 400, message: 'The IdP certificate could not be read.' },
  'sso.certificate_weak': {
    status: 400,
    message:
      'The IdP certificate uses a weak or unsupported key (RSA below 2048 bits, or an EC curve other than P-256, P-384, P-521).',
  },
  'sso.certificate_expired': { status: 400, message: 'The IdP certificate has expired.' },
  'sso.no_staged_metadata': {
    status: 409,
    message: 'This profile has no metadata change waiting for approval.',
  },
  'sso.certificate_not_yet_valid': {
    status: 400,
    message: 'The IdP certificate is not valid yet.',
  },
  'sso.too_many_certificates': {
    status: 400,
    message: 'A profile can pin at most 5 IdP certificates. Remove old ones first.',
  },

  // SAML responses at the ACS (SPEC §3.6): the user sees the message and code; the audit log the detail
  'saml.too_large': { status: 400, message: 'The sign-in response is too large.' },
  'saml.too_deep': { status: 400, message: 'The sign-in response is nested too deeply.' },
  'saml.malformed_xml': { status: 400, message: 'The sign-in response is not well-formed XML.' },
  'saml.doctype_forbidden': { status: 400, message: 'The sign-in response contains a DOCTYPE.' },
  'saml.malformed_response': {
    status: 400,
    message: 'The sign-in response does not have the structure SAML requires.',
  },
  'saml.encrypted_unsupported': {
    status: 400,
    message:
      'This SSO profile does not accept encrypted assertions: turn assertion encryption on for it, or configure the IdP to sign without encrypting.',
  },
  'saml.encryption_required': {
    status: 400,
    message:
      'This SSO profile requires encrypted assertions, and the identity provider sent one in the clear.',
  },
  'saml.encryption_algorithm': {
    status: 400,
    message:
      'The sign-in response is encrypted with an algorithm that is not allowed (RSA-OAEP with AES-GCM, or AES-CBC in a signed response).',
  },
  'saml.encryption_invalid': {
    status: 400,
    message: 'The encrypted assertion does not have the structure this service accepts.',
  },
  'saml.decryption_failed': {
    status: 400,
    message: "The encrypted assertion could not be decrypted with this service's encryption keys.",
  },
  'saml.signature_missing': {
    status: 400,
    message: 'The sign-in response is not signed as required.',
  },
  'saml.signature_invalid': {
    status: 400,
    message: 'The sign-in response signature is not valid for this connection.',
  },
  'saml.signature_algorithm': {
    status: 400,
    message: 'The sign-in response uses a signature algorithm that is not allowed.',
  },
  'saml.issuer_mismatch': {
    status: 400,
    message: 'The sign-in response comes from another identity provider.',
  },
  'saml.status_not_success': { status: 400, message: 'The identity provider did not sign you in.' },
  'saml.audience_mismatch': {
    status: 400,
    message: 'This sign-in response was meant for another application.',
  },
  'saml.destination_mismatch': {
    status: 400,
    message: 'This sign-in response was sent to another address.',
  },
  'saml.recipient_mismatch': {
    status: 400,
    message: 'This sign-in response was meant for another address.',
  },
  'saml.subject_confirmation_invalid': {
    status: 400,
    message: 'The sign-in response has no valid bearer confirmation.',
  },
  'saml.not_yet_valid': { status: 400, message: 'The sign-in response is not valid yet.' },
  'saml.expired': { status: 400, message: 'The sign-in response has expired.' },
  'saml.invalid_time': { status: 400, message: 'The sign-in response has a malformed time.' },
  'saml.condition_unsupported': {
    status: 400,
    message: 'The sign-in response has a condition this service does not support.',
  },
  'saml.in_response_to_mismatch': {
    status: 400,
    message: 'The sign-in response does not answer a sign-in started in this browser.',
  },
  'saml.replayed': { status: 400, message: 'This sign-in response was already used.' },
  'saml.nameid_invalid': {
    status: 400,
    message: 'The identity provider did not send an email address as the user name.',
  },
  'saml.domain_not_verified': {
    status: 403,
    message: 'Your email domain is not verified for this organization.',
  },
  'saml.unknown_user': {
    status: 403,
    message: 'You do not have an account here. Ask your administrator to add you.',
  },
  'saml.user_inactive': { status: 403, message: 'Your account is not active.' },
  'saml.sso_not_allowed': {
    status: 403,
    message: 'Single sign-on is turned off for your account; sign in with your password.',
  },
  'saml.metadata_expired': {
    status: 403,
    message: 'The single sign-on connection’s identity provider metadata has expired.',
  },
  'saml.test_not_yours': {
    status: 403,
    message: 'This connection test was started in another administrator’s session.',
  },
  'saml.profile_unavailable': {
    status: 404,
    message: 'This single sign-on connection does not exist or is disabled.',
  },
  'saml.binding_invalid': {
    status: 400,
    message: 'Sign-in responses must be posted as a form with one SAMLResponse field.',
  },

  // OAuth 2.0 / OpenID Connect (mapped to RFC 6749 error names in http/errors/oauth.ts)
  'oidc.invalid_client': {
    status: 401,
    message: 'The application is not registered or failed to authenticate.',
  },
  'oidc.invalid_redirect_uri': {
    status: 400,
    message: 'The redirect URI is not registered for this application.',
  },
  'oidc.duplicate_parameter': {
    status: 400,
    message: 'A request parameter was given more than once.',
  },
  'oidc.invalid_request': { status: 400, message: 'The sign-in request is invalid.' },
  'oidc.pkce_required': { status: 400, message: 'The sign-in request must use PKCE with S256.' },
  'oidc.unsupported_response_type': {
    status: 400,
    message: 'Only the authorization code flow is supported.',
  },
  'oidc.invalid_scope': { status: 400, message: 'The requested scope must include openid.' },
  'oidc.request_not_supported': { status: 400, message: 'Request objects are not supported.' },
  'oidc.login_required': { status: 400, message: 'The user is not signed in.' },
  'oidc.invalid_grant': {
    status: 400,
    message: 'The authorization code is invalid, expired or already used.',
  },
  'oidc.unsupported_grant_type': {
    status: 400,
    message: 'Only the authorization_code grant is supported.',
  },
  'oidc.invalid_token': { status: 401, message: 'The access token is invalid or expired.' },
  'oidc.invalid_logout_request': { status: 400, message: 'The sign-out request is invalid.' },

  // the login pages
  'login.transaction_expired': { status: 400, message: 'This sign-in attempt has expired.' },
  'login.csrf_failed': {
    status: 403,
    message: 'This form was not submitted from this sign-in page.',
  },
  'login.invalid_credentials': {
    status: 401,
    message: 'The email address or password is incorrect.',
  },
  'login.invalid_code': {
    status: 401,
    message: 'That code is not right, or was used already.',
  },
  'login.passkey_failed': {
    status: 401,
    message: 'That passkey did not sign you in.',
  },
  'login.second_factor_expired': {
    status: 400,
    message: 'Too much time passed since you entered your password.',
  },
  'login.locked': {
    status: 429,
    message: 'Too many failed attempts. Sign-in is paused for a while.',
  },
  'login.busy': {
    status: 503,
    message: 'Too many people are signing in right now.',
  },
  'login.rate_limited': {
    status: 429,
    message: 'Too many sign-in attempts. Try again in a little while.',
  },
  'login.sso_required': { status: 403, message: 'Your organization requires single sign-on.' },
  'login.sso_unavailable': {
    status: 403,
    message: 'Single sign-on is not available for your account yet.',
  },
  'login.account_deactivated': { status: 403, message: 'Your account has been deactivated.' },
  'login.email_required': { status: 400, message: 'Enter your email address first.' },
  'login.organization_suspended': {
    status: 403,
    message: 'Your organization’s access to this application is suspended.',
  },
  'login.setup_link_invalid': {
    status: 400,
    message: 'This setup link is invalid, expired or already used.',
  },
  'login.setup_link_other_account': {
    status: 403,
    message: 'This setup link is for an administrator of another organization.',
  },

  // invitations and passwords
  'reset.invalid': {
    status: 400,
    message: 'This password-reset link is invalid, expired or already used. Ask for a new one.',
  },
  'invite.invalid': {
    status: 400,
    message: 'This invitation link is invalid, expired or already used.',
  },
  'password.too_short': {
    status: 400,
    message: 'The password must be at least 12 characters long.',
  },
  'password.too_long': {
    status: 400,
    message: 'The password must be at most 256 characters long.',
  },
  'password.mismatch': { status: 400, message: 'The two passwords do not match.' },
  'password.contains_email': {
    status: 400,
    message: 'The password must not contain your email address.',
  },

  // command line
  'cli.usage': { status: 400, message: 'Invalid command-line arguments.' },

  ...OPERATOR_ERRORS,
  ...FACTOR_ERRORS,
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof ERRORS

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERRORS, value)
}
