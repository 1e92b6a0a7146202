/** SQL for signing keys. */
import type { KeyPurpose, KeyState, SigningKey } from '../../oidc/signing-key.ts'
import type { SigningKeyRepository } from '../../oidc/signing-key-repository.ts'
import type { Database, Executor, SigningKeysTable } from '../database.ts'

export class SQLSigningKeyRepository implements SigningKeyRepository {
  readonly #db: Executor
  readonly #database: Database
  constructor(db: Executor, database: Database) {
    this.#db = db
    this.#database = database
  }

  async findActive(purpose: KeyPurpose): Promise<SigningKey | undefined> {
    const row = await this.#db
      .selectFrom('signing_keys')
      .selectAll()
      .where('purpose', '=', purpose)
      .where('state', '=', 'active')
      .executeTakeFirst()
    return row && toKey(row)
  }

  async listPublished(purpose: KeyPurpose): Promise<SigningKey[]> {
    const rows = await this.#db
      .selectFrom('signing_keys')
      .selectAll()
      .where('purpose', '=', purpose)
      .where('state', 'in', ['active', 'published'])
      .orderBy('created_at', 'desc')
      .execute()
    return rows.map(toKey)
  }

  async insertActive(key: SigningKey): Promise<boolean> {
    try {
      await this.#db
        .insertInto('signing_keys')
        .values({
          kid: key.kid,
          purpose: key.purpose,
          alg: key.alg,
          private_key_pem: key.privateKeyPem,
          public_key_pem: key.publicKeyPem,
          certificate_pem: key.certificatePem,
          state: 'active',
          created_at: key.createdAt,
          updated_at: key.updatedAt,
        })
        .execute()
      return true
    } catch (error) {
      if (this.#database.isUniqueViolation(error)) return false
      throw error
    }
  }

  async demoteActive(purpose: KeyPurpose, now: number): Promise<void> {
    await this.#db
      .updateTable('signing_keys')
      .set({ state: 'published', updated_at: now })
      .where('purpose', '=', purpose)
      .where('state', '=', 'active')
      .execute()
  }

  async retirePublished(purpose: KeyPurpose, now: number): Promise<number> {
    const result = await this.#db
      .updateTable('signing_keys')
      .set({ state: 'retired', updated_at: now })
      .where('purpose', '=', purpose)
      .where('state', '=', 'published')
      .executeTakeFirst()
    return Number(result.numUpdatedRows)
  }
}

function toKey(row: SigningKeysTable): SigningKey {
  return {
    kid: row.kid,
    purpose: row.purpose as KeyPurpose,
    alg: 'RS256',
    privateKeyPem: row.private_key_pem,
    publicKeyPem: row.public_key_pem,
    certificatePem: row.certificate_pem,
    state: row.state as KeyState,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
