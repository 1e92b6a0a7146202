/**
 * Server-side sessions (SPEC §2): the cookie holds a random secret; the row is keyed by its hash and
 * carries a separate public id (`sid`, the ID token claim). Idle and absolute lifetimes, pure rules.
 */
import type { Clock } from '../platform/clock.ts'
import { hashSecret } from '../platform/crypto.ts'
import { newSecret } from '../platform/random.ts'

export const AUTH_METHODS = ['pwd', 'saml'] as const
export type AuthMethod = (typeof AUTH_METHODS)[number]

export interface Session {
  readonly idHash: string
  readonly sid: string
  readonly orgId: string
  readonly userId: string
  readonly authMethod: AuthMethod
  readonly ssoProfileId: string | null
  readonly createdAt: number
  readonly lastSeenAt: number
  readonly idleExpiresAt: number
  readonly expiresAt: number
  readonly revokedAt: number | null
}

export interface SessionLifetimes {
  readonly idleMs: number
  readonly absoluteMs: number
}

/** Don't write `last_seen_at` more often than this. */
export const SESSION_TOUCH_INTERVAL_MS = 60_000

export function newSession(
  clock: Clock,
  lifetimes: SessionLifetimes,
  subject: { orgId: string; userId: string; authMethod: AuthMethod; ssoProfileId: string | null },
): { session: Session; secret: string } {
  const secret = newSecret()
  const now = clock.now()
  const expiresAt = now + lifetimes.absoluteMs
  return {
    secret,
    session: {
      idHash: hashSecret(secret),
      sid: newSecret('', 16),
      ...subject,
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt: Math.min(now + lifetimes.idleMs, expiresAt),
      expiresAt,
      revokedAt: null,
    },
  }
}

/**
 * The session with its deadlines as the lifetimes that apply now make them (an organization's settings
 * may have changed since it was created): the absolute one from its creation, the idle one from its
 * last use, never past the absolute one.
 */
export function withLifetimes(session: Session, lifetimes: SessionLifetimes): Session {
  const expiresAt = session.createdAt + lifetimes.absoluteMs
  return {
    ...session,
    expiresAt,
    idleExpiresAt: Math.min(session.lastSeenAt + lifetimes.idleMs, expiresAt),
  }
}

export function isSessionActive(session: Session, now: number): boolean {
  return session.revokedAt === null && now < session.idleExpiresAt && now < session.expiresAt
}

/** The new idle deadline after use at `now`, or undefined when no write is due yet. */
export function extendIdle(
  session: Session,
  lifetimes: SessionLifetimes,
  now: number,
): number | undefined {
  if (now - session.lastSeenAt < SESSION_TOUCH_INTERVAL_MS) return undefined
  return Math.min(now + lifetimes.idleMs, session.expiresAt)
}
