/** SQL for signing keys. */
import type { KeyAlg, KeyPurpose, KeyState, SigningKey } from '../../oidc/signing-key.ts'
import type { SigningKeyRepository } from '../../oidc/signing-key-repository.ts'
import { sql } from 'kysely'
import type { Executor, SigningKeysTable } from '../database.ts'
import { precompiled } from '../precompiled.ts'

/** Every ID token and SAML request reads the active key of its purpose (issue 29: precompiled). */
const FIND_ACTIVE = precompiled((db: Executor, purpose: KeyPurpose) =>
  db
    .selectFrom('signing_keys')
    .selectAll()
    .where('purpose', '=', purpose)
    .where('state', '=', 'active'),
)

export class SQLSigningKeyRepository implements SigningKeyRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async findActive(purpose: KeyPurpose): Promise<SigningKey | undefined> {
    const [row] = await FIND_ACTIVE.rows(this.#db, purpose)
    return row && toKey(row)
  }

  async listPublished(purpose: KeyPurpose): Promise<SigningKey[]> {
    const rows = await this.#db
      .selectFrom('signing_keys')
      .selectAll()
      .where('purpose', '=', purpose)
      .where('state', 'in', ['active', 'published'])
      // The active key first, then the newest: times can tie (keys made within one millisecond).
      .orderBy(sql`case when state = 'active' then 0 else 1 end`)
      .orderBy('created_at', 'desc')
      .execute()
    return rows.map(toKey)
  }

  async insertActive(key: SigningKey): Promise<boolean> {
    // ON CONFLICT DO NOTHING, not a caught unique violation: on PostgreSQL a failed statement aborts the
    // whole transaction, so two instances starting together must not collide inside one.
    const result = await this.#db
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
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst()
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
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
    alg: row.alg as KeyAlg,
    privateKeyPem: row.private_key_pem,
    publicKeyPem: row.public_key_pem,
    certificatePem: row.certificate_pem,
    state: row.state as KeyState,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
