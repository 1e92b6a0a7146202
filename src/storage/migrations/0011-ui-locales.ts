/** The language a client asked the login pages to speak (OIDC `ui_locales`), kept with the login transaction. */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('login_transactions').addColumn('ui_locales', 'text').execute()
}
