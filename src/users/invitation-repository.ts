/** Storage interface for invitations. */
import type { Invitation } from './invitation.ts'

export interface InvitationRepository {
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
