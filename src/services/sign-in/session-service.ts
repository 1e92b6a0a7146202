/** Resolving the session cookie to a live session, extending its idle deadline as it is used. */
import type { Clock } from '../../platform/clock.ts'
import { hashSecret } from '../../platform/crypto.ts'
import type { Store } from '../../platform/store.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import {
  endedAt,
  extendIdle,
  isSessionActive,
  withLifetimes,
  type Session,
  type SessionLifetimes,
} from '../../sessions/session.ts'
import type { SessionRepository } from '../../sessions/session-repository.ts'

export interface SessionServiceDeps {
  readonly store: Store<{ sessions: SessionRepository; users: UserRepository }>
  readonly clock: Clock
  /**
   * The lifetimes that apply to an organization's sessions now (its settings, bounded by ours);
   * undefined when the organization can have no live session (suspended or deleted).
   */
  readonly lifetimesFor: (orgId: string) => Promise<SessionLifetimes | undefined>
}

export class SessionService {
  readonly #deps: SessionServiceDeps

  constructor(deps: SessionServiceDeps) {
    this.#deps = deps
  }

  /** The live session for this cookie secret, whose user is still active; undefined otherwise. */
  async resolve(secret: string | undefined): Promise<Session | undefined> {
    if (secret === undefined || secret.length > 200) return undefined
    const { store, clock } = this.#deps
    const now = clock.now()
    const stored = await store.read.sessions.findByIdHash(hashSecret(secret))
    if (stored === undefined) return undefined
    // A changed organization setting applies from the session's next use (no mass update).
    const lifetimes = await this.#deps.lifetimesFor(stored.orgId)
    if (lifetimes === undefined) return undefined
    const session = withLifetimes(stored, lifetimes)
    if (!isSessionActive(session, now)) {
      // Ended for good: a later, longer setting must not bring it back (issue 21 item 12).
      if (stored.revokedAt === null)
        await store.read.sessions.revoke(stored.idHash, endedAt(session))
      return undefined
    }
    const user = await store.read.users.findById(session.orgId, session.userId)
    if (user?.status !== 'active') return undefined
    const idle = extendIdle(session, lifetimes, now)
    if (idle !== undefined || session.expiresAt !== stored.expiresAt) {
      // Only a due touch records use; a changed absolute deadline alone keeps the last recorded use.
      const lastSeenAt = idle === undefined ? session.lastSeenAt : now
      const idleExpiresAt = idle ?? session.idleExpiresAt
      await store.read.sessions.touch(session.idHash, lastSeenAt, idleExpiresAt, session.expiresAt)
      return { ...session, lastSeenAt, idleExpiresAt }
    }
    return session
  }
}
