/** Resolving the session cookie to a live session, extending its idle deadline as it is used. */
import type { Clock } from '../platform/clock.ts'
import { hashSecret } from '../platform/crypto.ts'
import type { Store } from '../platform/store.ts'
import type { UserRepository } from '../users/user-repository.ts'
import { extendIdle, isSessionActive, type Session, type SessionLifetimes } from './session.ts'
import type { SessionRepository } from './session-repository.ts'

export interface SessionServiceDeps {
  readonly store: Store<{ sessions: SessionRepository; users: UserRepository }>
  readonly clock: Clock
  readonly lifetimes: SessionLifetimes
}

export class SessionService {
  readonly #deps: SessionServiceDeps

  constructor(deps: SessionServiceDeps) {
    this.#deps = deps
  }

  /** The live session for this cookie secret, whose user is still active; undefined otherwise. */
  async resolve(secret: string | undefined): Promise<Session | undefined> {
    if (secret === undefined || secret.length > 200) return undefined
    const { store, clock, lifetimes } = this.#deps
    const now = clock.now()
    const session = await store.read.sessions.findByIdHash(hashSecret(secret))
    if (session === undefined || !isSessionActive(session, now)) return undefined
    const user = await store.read.users.findById(session.orgId, session.userId)
    if (user?.status !== 'active') return undefined
    const idle = extendIdle(session, lifetimes, now)
    if (idle !== undefined) await store.read.sessions.touch(session.idHash, now, idle)
    return session
  }
}
