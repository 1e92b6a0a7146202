/**
 * Mail in the recipient's language (issue 27): a person's language once known (the language their last
 * sign-in's pages spoke), and an HTML part beside the plain text of every queued message.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('locale', 'text').execute()
  await db.schema.alterTable('mail_outbox').addColumn('html', 'text').execute()
}
