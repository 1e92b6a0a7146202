/** SQL for known devices: one upsert per sign-in, one indexed read per password attempt. */
import type { KnownDevice } from '../../sessions/known-device.ts'
import type { KnownDeviceRepository } from '../../sessions/known-device-repository.ts'
import type { Executor } from '../database.ts'

export class SQLKnownDeviceRepository implements KnownDeviceRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async remember(d: KnownDevice): Promise<void> {
    await this.#db
      .insertInto('known_devices')
      .values({
        device_hash: d.deviceHash,
        user_id: d.userId,
        org_id: d.orgId,
        email_canonical: d.emailCanonical,
        created_at: d.createdAt,
        last_used_at: d.lastUsedAt,
        expires_at: d.expiresAt,
      })
      .onConflict((oc) =>
        oc.columns(['device_hash', 'user_id']).doUpdateSet({
          org_id: d.orgId,
          email_canonical: d.emailCanonical,
          last_used_at: d.lastUsedAt,
          expires_at: d.expiresAt,
        }),
      )
      .execute()
  }

  async isKnown(deviceHash: string, emailCanonical: string, now: number): Promise<boolean> {
    const row = await this.#db
      .selectFrom('known_devices')
      .select('user_id')
      .where('device_hash', '=', deviceHash)
      .where('email_canonical', '=', emailCanonical)
      .where('expires_at', '>', now)
      .executeTakeFirst()
    return row !== undefined
  }

  async forgetUser(orgId: string, userId: string): Promise<number> {
    const result = await this.#db
      .deleteFrom('known_devices')
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    return Number(result.numDeletedRows)
  }
}
