/** Storage interface for SCIM tokens; only hashes are stored. */
import type { SCIMToken } from './scim-token.ts'

export interface SCIMTokenRepository {
  insert(token: SCIMToken): Promise<void>
  listForOrg(orgId: string): Promise<SCIMToken[]>
  /** The unrevoked token with this hash, in any organization (the hash says which). */
  findActiveByHash(tokenHash: string): Promise<SCIMToken | undefined>
  /** Revokes it; false when there is no such live token in `orgId`. */
  revoke(orgId: string, tokenId: string, now: number): Promise<boolean>
  /** Records use at `now` unless it was recorded less than `resolutionMs` ago. */
  touch(tokenId: string, now: number, resolutionMs: number): Promise<void>
}
