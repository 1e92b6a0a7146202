/** SQL for OIDC clients. */
import { sql } from 'kysely'
import type { OIDCClient } from '../../oidc/oidc-client.ts'
import type { IDTokenAlg } from '../../oidc/signing-key.ts'
import type { OIDCClientRepository } from '../../oidc/oidc-client-repository.ts'
import type { Executor, OIDCClientsTable } from '../database.ts'
import { precompiled } from '../precompiled.ts'

/** Every authorization request and token request reads its client (issue 29: precompiled). */
const FIND_BY_ID = precompiled((db: Executor, clientId: string) =>
  db.selectFrom('oidc_clients').selectAll().where('id', '=', clientId),
)

export class SQLOIDCClientRepository implements OIDCClientRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async insert(client: OIDCClient): Promise<void> {
    await this.#db.insertInto('oidc_clients').values(toRow(client)).execute()
  }

  async upsert(client: OIDCClient): Promise<void> {
    const row = toRow(client)
    await this.#db
      .insertInto('oidc_clients')
      .values(row)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          name: row.name,
          redirect_uris: row.redirect_uris,
          post_logout_redirect_uris: row.post_logout_redirect_uris,
          initiate_login_uri: row.initiate_login_uri,
          updated_at: row.updated_at,
        }),
      )
      .execute()
  }

  async withInitiateLoginUri(limit: number, excludeId: string): Promise<OIDCClient[]> {
    const rows = await this.#db
      .selectFrom('oidc_clients')
      .selectAll()
      .where('initiate_login_uri', 'is not', null)
      .where('id', '!=', excludeId)
      .orderBy('id')
      .limit(limit)
      .execute()
    return rows.map(toClient)
  }

  async list(): Promise<OIDCClient[]> {
    const rows = await this.#db
      .selectFrom('oidc_clients')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return rows.map(toClient)
  }

  async lockForChange(clientId: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('oidc_clients')
      .set({ updated_at: sql<number>`updated_at` })
      .where('id', '=', clientId)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  async update(client: OIDCClient): Promise<void> {
    const { id: _id, created_at: _created, ...row } = toRow(client)
    await this.#db.updateTable('oidc_clients').set(row).where('id', '=', client.id).execute()
  }

  async delete(clientId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('oidc_clients')
      .where('id', '=', clientId)
      .executeTakeFirst()
    return result.numDeletedRows === 1n
  }

  async findById(clientId: string): Promise<OIDCClient | undefined> {
    const [row] = await FIND_BY_ID.rows(this.#db, clientId)
    return row && toClient(row)
  }
}

function toClient(row: OIDCClientsTable): OIDCClient {
  return {
    id: row.id,
    name: row.name,
    redirectUris: JSON.parse(row.redirect_uris) as string[],
    secretHash: row.secret_hash,
    postLogoutRedirectUris: JSON.parse(row.post_logout_redirect_uris) as string[],
    initiateLoginUri: row.initiate_login_uri,
    idTokenAlg: row.id_token_alg as IDTokenAlg,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    disabledAt: row.disabled_at,
    previousSecretHash: row.previous_secret_hash,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    backchannelLogoutUri: row.backchannel_logout_uri,
  }
}

function toRow(client: OIDCClient) {
  return {
    id: client.id,
    name: client.name,
    redirect_uris: JSON.stringify(client.redirectUris),
    secret_hash: client.secretHash,
    post_logout_redirect_uris: JSON.stringify(client.postLogoutRedirectUris),
    initiate_login_uri: client.initiateLoginUri,
    id_token_alg: client.idTokenAlg,
    created_at: client.createdAt,
    updated_at: client.updatedAt,
    disabled_at: client.disabledAt,
    previous_secret_hash: client.previousSecretHash,
    previous_secret_expires_at: client.previousSecretExpiresAt,
    backchannel_logout_uri: client.backchannelLogoutUri,
  }
}
