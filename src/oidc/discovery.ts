/** The OpenID Provider metadata (OIDC Discovery §3), derived from the public URL alone. */
import { LOCALES } from '../platform/locales.ts'
import { SUPPORTED_SCOPES } from './authorization-request.ts'

export const OIDC_PATHS = Object.freeze({
  discovery: '/.well-known/openid-configuration',
  authorization: '/oauth2/authorize',
  token: '/oauth2/token',
  userinfo: '/oauth2/userinfo',
  jwks: '/oauth2/jwks',
  endSession: '/oauth2/logout',
})

export function discoveryDocument(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}${OIDC_PATHS.authorization}`,
    token_endpoint: `${issuer}${OIDC_PATHS.token}`,
    userinfo_endpoint: `${issuer}${OIDC_PATHS.userinfo}`,
    jwks_uri: `${issuer}${OIDC_PATHS.jwks}`,
    end_session_endpoint: `${issuer}${OIDC_PATHS.endSession}`,
    // OIDC Back-Channel Logout 1.0: logout tokens always carry `sid`.
    backchannel_logout_supported: true,
    backchannel_logout_session_supported: true,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code'],
    subject_types_supported: ['public'],
    // RS256 for every client unless it registered another (`client create --id-token-alg`).
    id_token_signing_alg_values_supported: ['RS256', 'ES256', 'EdDSA'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: [...SUPPORTED_SCOPES],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'nonce',
      'email',
      'org_id',
      'amr',
      'sid',
      'name',
      'given_name',
      'family_name',
      // With the scope `organization` (issue 23): who is an admin of which organization.
      'org_name',
      'org_role',
    ],
    prompt_values_supported: ['none', 'login'],
    ui_locales_supported: [...LOCALES],
    authorization_response_iss_parameter_supported: true,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
  }
}
