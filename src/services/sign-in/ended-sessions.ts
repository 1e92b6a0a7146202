/**
 * Every way a session ends before its time tells the console (issue 24): one `session.revoked` event per
 * session, in the transaction that ended it, which the fan-out turns into logout tokens for the clients
 * that received tokens in it (OIDC Back-Channel Logout) and webhooks.
 */
import type { Actor } from '../../audit/audit-event.ts'
import type { EventRepository } from '../../events/event-repository.ts'
import type { EndedSession, SessionEndReason } from '../../sessions/session.ts'
import type { SessionRepository } from '../../sessions/session-repository.ts'

export async function recordEndedSessions(
  events: EventRepository,
  change: {
    readonly orgId: string
    readonly sessions: readonly EndedSession[]
    readonly reason: SessionEndReason
    readonly actor: Actor
    readonly at: number
  },
): Promise<number> {
  for (const session of change.sessions) {
    await events.append({
      type: 'session.revoked',
      orgId: change.orgId,
      occurredAt: change.at,
      actor: { type: change.actor.type, id: change.actor.id },
      data: { sid: session.sid, userId: session.userId, reason: change.reason },
    })
  }
  return change.sessions.length
}

/** Ends every live session of a user (before a deletion takes the rows with it) and records each. */
export async function endSessionsOfUser(
  repos: { readonly sessions: SessionRepository; readonly events: EventRepository },
  change: {
    readonly orgId: string
    readonly userId: string
    readonly reason: SessionEndReason
    readonly actor: Actor
    readonly at: number
  },
): Promise<number> {
  const { orgId, userId, at } = change
  return recordEndedSessions(repos.events, {
    ...change,
    sessions: await repos.sessions.revokeAllForUser(orgId, userId, at),
  })
}
