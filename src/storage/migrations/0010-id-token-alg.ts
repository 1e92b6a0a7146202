/**
 * ID tokens signed with the algorithm each client registered (`id_token_signed_response_alg`): RS256 for
 * every existing client, ES256 or EdDSA for clients made with `--id-token-alg`.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('oidc_clients')
    .addColumn('id_token_alg', 'text', (c) => c.notNull().defaultTo('RS256'))
    .execute()
}
