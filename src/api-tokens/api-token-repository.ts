/** Storage interface for admin API tokens; only hashes are stored. */
import type { AdminAPIToken } from './api-token.ts'

export interface AdminAPITokenRepository {
  insert(token: AdminAPIToken): Promise<void>
  /** The unrevoked token with this hash, in any organization: the hash itself says which. */
  findActiveByHash(tokenHash: string): Promise<AdminAPIToken | undefined>
}
