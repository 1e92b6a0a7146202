/**
 * The identity provider product an SSO profile is set up with (issue 27): it picks the Admin Center's
 * step-by-step guide and the attribute-mapping preset. It is a label the admin chooses, never a check:
 * nothing in a sign-in depends on it.
 */
import type { PresetName } from './attribute-mapping.ts'

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

/** The names preset a product's guide sets up; `other` has none (the first test suggests one). */
export function presetForProduct(product: IdPProduct): PresetName | undefined {
  return product === 'other' ? undefined : product
}
