/** SQL for idempotency keys. */
import type { IdempotencyRecord } from '../../orgs/idempotency-key.ts'
import type { IdempotencyRepository } from '../../orgs/idempotency-repository.ts'
import type { Executor } from '../database.ts'

export class SQLIdempotencyRepository implements IdempotencyRepository {
  readonly #db: Executor

  constructor(db: Executor) {
    this.#db = db
  }

  async claim(record: IdempotencyRecord, now: number): Promise<boolean> {
    await this.#db
      .deleteFrom('idempotency_keys')
      .where('operation', '=', record.operation)
      .where('key', '=', record.key)
      .where('expires_at', '<=', now)
      .execute()
    const result = await this.#db
      .insertInto('idempotency_keys')
      .values({
        operation: record.operation,
        key: record.key,
        request_hash: record.requestHash,
        org_id: record.orgId,
        created_at: record.createdAt,
        expires_at: record.expiresAt,
      })
      .onConflict((oc) => oc.columns(['operation', 'key']).doNothing())
      .executeTakeFirst()
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
  }

  async find(operation: string, key: string): Promise<IdempotencyRecord | undefined> {
    const row = await this.#db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('operation', '=', operation)
      .where('key', '=', key)
      .executeTakeFirst()
    return (
      row && {
        operation: row.operation,
        key: row.key,
        requestHash: row.request_hash,
        orgId: row.org_id,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
      }
    )
  }
}
