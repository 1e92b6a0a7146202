/** Storage interface for sessions. */
import type { EndedSession, Session, SessionLifetimes } from './session.ts'

export interface SessionRepository {
  insert(session: Session): Promise<void>
  findByIdHash(idHash: string): Promise<Session | undefined>
  findBySid(orgId: string, sid: string): Promise<Session | undefined>
  /** Records use: last seen now, the new idle deadline, and the absolute deadline that applies now. */
  touch(idHash: string, now: number, idleExpiresAt: number, expiresAt: number): Promise<void>
  /** Revokes one session; returns false when it was already revoked or absent. */
  revoke(idHash: string, now: number): Promise<boolean>
  /**
   * Records as ended (at `now`) every live session of `orgId` that has ended under `lifetimes` at `now`
   * (`endedThresholds`); returns them.
   */
  endExpired(orgId: string, lifetimes: SessionLifetimes, now: number): Promise<EndedSession[]>
  /** Revokes every live session of a user; returns them. */
  revokeAllForUser(orgId: string, userId: string, now: number): Promise<EndedSession[]>
  /**
   * The user's sessions not yet recorded as ended and not past their stored deadlines, newest use first
   * (the caller applies the lifetimes in force now).
   */
  listLiveForUser(orgId: string, userId: string, now: number): Promise<Session[]>
  /**
   * Revokes the user's sessions with these `sid`s, or all but the one with `keepIdHash`; returns those
   * it ended (one statement, so a session ends once however many requests ask).
   */
  revokeForUser(
    orgId: string,
    userId: string,
    which: { readonly sids: readonly string[] } | { readonly exceptIdHash: string },
    now: number,
  ): Promise<EndedSession[]>
  /** Revokes every live session of the organization (suspension); returns them. */
  revokeAllForOrg(orgId: string, now: number): Promise<EndedSession[]>
  /** Notes that `clientId` received tokens in the session (once per pair). */
  recordClient(orgId: string, sid: string, clientId: string, now: number): Promise<void>
  /** The clients that received tokens in the session. */
  clientsOfSession(sid: string): Promise<string[]>
}
