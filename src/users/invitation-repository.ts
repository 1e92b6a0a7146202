/** Storage interface for invitations. */
import type { Invitation } from './invitation.ts'

/** An invitation not yet accepted, with whom it is for. */
export interface PendingInvitation {
  readonly id: string
  readonly userId: string
  readonly email: string
  readonly createdAt: number
  readonly expiresAt: number
}

export interface InvitationRepository {
  /**
   * Unconsumed invitations of `orgId` (expired ones included: the caller says which), ordered by
   * (createdAt, id), after `after`; up to `limit + 1` so the caller can tell whether more follow.
   */
  listPending(
    orgId: string,
    limit: number,
    after?: { readonly createdAt: number; readonly id: string },
  ): Promise<PendingInvitation[]>
  insert(invitation: Invitation): Promise<void>
  /** The unexpired, unconsumed invitation with this token hash, without consuming it. */
  findUsable(tokenHash: string, now: number): Promise<Invitation | undefined>
  /**
   * Marks the unexpired, unconsumed invitation with this token hash as used, atomically (STYLE rule 12),
   * and returns it; undefined when there is none, or it was used or expired.
   */
  consume(tokenHash: string, now: number): Promise<Invitation | undefined>
  /** Deletes the user's unconsumed invitations (their links stop working); returns how many. */
  revokePending(orgId: string, userId: string): Promise<number>
}
