/** Storage interface for the browsers users have signed in from (only the device secret's hash). */
import type { KnownDevice } from './known-device.ts'

export interface KnownDeviceRepository {
  /** Records that this browser signed in as the user, or refreshes it (`lastUsedAt`, `expiresAt`). */
  remember(device: KnownDevice): Promise<void>
  /**
   * Whether the browser with `deviceHash` signed in to the account `emailCanonical` and is still known
   * at `now`. By email, so the question costs the same whether or not such an account exists.
   */
  isKnown(deviceHash: string, emailCanonical: string, now: number): Promise<boolean>
  /** Forgets every browser of the user; returns how many. */
  forgetUser(orgId: string, userId: string): Promise<number>
}
