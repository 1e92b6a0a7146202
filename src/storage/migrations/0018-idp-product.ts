/**
 * Admin Center second pass (issue 27): an SSO profile remembers which IdP product it was set up with
 * (Okta, Entra ID, …), so the Admin Center shows that product's guide and preset. Null: not chosen.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sso_profiles').addColumn('idp_product', 'text').execute()
}
