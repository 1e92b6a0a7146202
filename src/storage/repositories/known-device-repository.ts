/** SQL for known devices: one upsert per sign-in, one indexed read per password attempt. */
import type { KnownDevice } from '../../sessions/known-device.ts'
import type { KnownDeviceRepository } from '../../sessions/known-device-repository.ts'
import type { Executor } from '../database.ts'
import { precompiled } from '../precompiled.ts'

// Every sign-in remembers its device (issue 29: compiled once per engine). The update takes the
// values the insert would have written (`excluded`), so each value is bound once.
const REMEMBER = precompiled(
  (
    db: Executor,
    deviceHash: string,
    userId: string,
    orgId: string,
    emailCanonical: string,
    createdAt: number,
    lastUsedAt: number,
    expiresAt: number,
  ) =>
    db
      .insertInto('known_devices')
      .values({
        device_hash: deviceHash,
        user_id: userId,
        org_id: orgId,
        email_canonical: emailCanonical,
        created_at: createdAt,
        last_used_at: lastUsedAt,
        expires_at: expiresAt,
      })
      .onConflict((oc) =>
        oc.columns(['device_hash', 'user_id']).doUpdateSet((eb) => ({
          org_id: eb.ref('excluded.org_id'),
          email_canonical: eb.ref('excluded.email_canonical'),
          last_used_at: eb.ref('excluded.last_used_at'),
          expires_at: eb.ref('excluded.expires_at'),
        })),
      ),
)

export class SQLKnownDeviceRepository implements KnownDeviceRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async remember(d: KnownDevice): Promise<void> {
    await REMEMBER.run(
      this.#db,
      d.deviceHash,
      d.userId,
      d.orgId,
      d.emailCanonical,
      d.createdAt,
      d.lastUsedAt,
      d.expiresAt,
    )
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
