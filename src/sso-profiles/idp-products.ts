/**
 * The identity provider product an SSO profile is set up with (issue 27): it picks the Admin Center's
 * step-by-step guide and the attribute-mapping preset. It is a label the admin chooses, never a check:
 * nothing in a sign-in depends on it.
 */
export const IDP_PRODUCTS = [
  'okta',
  'entra-id',
  'google-workspace',
  'onelogin',
  'jumpcloud',
  'ping',
  'adfs',
  'keycloak',
  'other',
] as const

export type IdPProduct = (typeof IDP_PRODUCTS)[number]
