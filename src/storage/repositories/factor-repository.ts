/** SQL for second factors and recovery codes, shared by both engines. */
import type { FactorRepository } from '../../factors/factor-repository.ts'
import type { FactorKind, SecondFactor } from '../../factors/second-factor.ts'
import type { Executor, SecondFactorsTable } from '../database.ts'

export class SQLFactorRepository implements FactorRepository {
  readonly #db: Executor

  constructor(db: Executor) {
    this.#db = db
  }

  async insert(f: SecondFactor): Promise<void> {
    await this.#db
      .insertInto('second_factors')
      .values({
        id: f.id,
        org_id: f.orgId,
        user_id: f.userId,
        kind: f.kind,
        name: f.name,
        secret_sealed: f.secretSealed,
        last_used_step: f.lastUsedStep,
        credential_id: f.credentialId,
        public_key: f.publicKey,
        sign_count: f.signCount,
        transports: JSON.stringify(f.transports),
        confirmed_at: f.confirmedAt,
        created_at: f.createdAt,
        last_used_at: f.lastUsedAt,
      })
      .execute()
  }

  async find(orgId: string, factorId: string): Promise<SecondFactor | undefined> {
    const row = await this.#db
      .selectFrom('second_factors')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', factorId)
      .executeTakeFirst()
    return row && toFactor(row)
  }

  async listForUser(orgId: string, userId: string): Promise<SecondFactor[]> {
    const rows = await this.#db
      .selectFrom('second_factors')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return rows.map(toFactor)
  }

  async findByCredentialId(credentialId: string): Promise<SecondFactor | undefined> {
    const row = await this.#db
      .selectFrom('second_factors')
      .selectAll()
      .where('credential_id', '=', credentialId)
      .executeTakeFirst()
    return row && toFactor(row)
  }

  async confirm(orgId: string, factorId: string, at: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('second_factors')
      .set({ confirmed_at: at })
      .where('org_id', '=', orgId)
      .where('id', '=', factorId)
      .where('confirmed_at', 'is', null)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  async rename(orgId: string, factorId: string, name: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('second_factors')
      .set({ name })
      .where('org_id', '=', orgId)
      .where('id', '=', factorId)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  async delete(orgId: string, factorId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('second_factors')
      .where('org_id', '=', orgId)
      .where('id', '=', factorId)
      .executeTakeFirst()
    return result.numDeletedRows === 1n
  }

  async deleteAllForUser(orgId: string, userId: string): Promise<number> {
    await this.#db
      .deleteFrom('recovery_codes')
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .execute()
    const result = await this.#db
      .deleteFrom('second_factors')
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    return Number(result.numDeletedRows)
  }

  async sweepUnconfirmed(before: number): Promise<number> {
    const result = await this.#db
      .deleteFrom('second_factors')
      .where('confirmed_at', 'is', null)
      .where('created_at', '<', before)
      .executeTakeFirst()
    return Number(result.numDeletedRows)
  }

  async useTotpStep(orgId: string, factorId: string, step: number, at: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('second_factors')
      .set({ last_used_step: step, last_used_at: at })
      .where('org_id', '=', orgId)
      .where('id', '=', factorId)
      .where('kind', '=', 'totp')
      .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  async usePasskey(
    orgId: string,
    factorId: string,
    signCount: number,
    at: number,
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('second_factors')
      .set({ sign_count: signCount, last_used_at: at })
      .where('org_id', '=', orgId)
      .where('id', '=', factorId)
      .where('kind', '=', 'passkey')
      // A counter moves forward; an authenticator that keeps none sends 0 every time.
      .where('sign_count', signCount === 0 ? '=' : '<', signCount === 0 ? 0 : signCount)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  async replaceRecoveryCodes(
    orgId: string,
    userId: string,
    hashes: readonly string[],
    at: number,
  ): Promise<void> {
    await this.#db
      .deleteFrom('recovery_codes')
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .execute()
    if (hashes.length === 0) return
    await this.#db
      .insertInto('recovery_codes')
      .values(
        hashes.map((hash) => ({
          code_hash: hash,
          org_id: orgId,
          user_id: userId,
          created_at: at,
          used_at: null,
        })),
      )
      .execute()
  }

  async useRecoveryCode(orgId: string, userId: string, hash: string, at: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('recovery_codes')
      .set({ used_at: at })
      .where('code_hash', '=', hash)
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  async countRecoveryCodes(orgId: string, userId: string): Promise<number> {
    const row = await this.#db
      .selectFrom('recovery_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirst()
    return Number(row?.n ?? 0)
  }
}

function toFactor(row: SecondFactorsTable): SecondFactor {
  const num = (value: number | null) => (value === null ? null : Number(value))
  return {
    id: row.id,
    orgId: row.org_id,
    userId: row.user_id,
    kind: row.kind as FactorKind,
    name: row.name,
    secretSealed: row.secret_sealed,
    lastUsedStep: num(row.last_used_step),
    credentialId: row.credential_id,
    publicKey: row.public_key,
    signCount: num(row.sign_count),
    transports: JSON.parse(row.transports) as string[],
    confirmedAt: num(row.confirmed_at),
    createdAt: Number(row.created_at),
    lastUsedAt: num(row.last_used_at),
  }
}
