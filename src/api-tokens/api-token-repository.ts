/** Storage interface for an organization's bearer tokens (Admin API and SCIM); only hashes are stored. */
import type { Organization } from '../orgs/organization.ts'
import type { BearerToken } from './api-token.ts'

/** A live token with its organization as it is now, read together. */
export interface ActiveToken {
  readonly token: BearerToken
  readonly organization: Organization
}

export interface BearerTokenRepository {
  insert(token: BearerToken): Promise<void>
  /** Every token of `orgId`, revoked ones included, oldest first. */
  listForOrg(orgId: string): Promise<BearerToken[]>
  findById(orgId: string, tokenId: string): Promise<BearerToken | undefined>
  /**
   * The unrevoked token with this hash, in any organization (the hash itself says which), with that
   * organization: one read for what every request it authenticates needs.
   */
  findActiveByHash(tokenHash: string): Promise<ActiveToken | undefined>
  /** Revokes it; false when there is no such live token in `orgId`. */
  revoke(orgId: string, tokenId: string, now: number): Promise<boolean>
  /** Revokes every live token made by user `userId` of `orgId`; returns them as they were. */
  revokeMadeBy(orgId: string, userId: string, now: number): Promise<BearerToken[]>
  /** Records use at `now` unless it was recorded less than `resolutionMs` ago. */
  touch(tokenId: string, now: number, resolutionMs: number): Promise<void>
}
