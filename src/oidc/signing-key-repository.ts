/** Storage interface for signing keys. */
import type { KeyPurpose, SigningKey } from './signing-key.ts'

export interface SigningKeyRepository {
  findActive(purpose: KeyPurpose): Promise<SigningKey | undefined>
  /** Active and published keys, newest first. */
  listPublished(purpose: KeyPurpose): Promise<SigningKey[]>
  /** Inserts an active key; returns false when another active key of the purpose exists already. */
  insertActive(key: SigningKey): Promise<boolean>
  /** Turns the active key of `purpose` into a published one. */
  demoteActive(purpose: KeyPurpose, now: number): Promise<void>
  /** Retires every published (non-active) key of `purpose`; returns how many. */
  retirePublished(purpose: KeyPurpose, now: number): Promise<number>
}
