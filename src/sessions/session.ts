/**
 * Server-side sessions (SPEC §2): the cookie holds a random secret; the row is keyed by its hash and
 * carries a separate public id (`sid`, the ID token claim). Idle and absolute lifetimes, pure rules.
 */
import type { Clock } from '../platform/clock.ts'
import { hashSecret } from '../platform/crypto.ts'
import { newSecret } from '../platform/random.ts'

/**
 * How a session's sign-in began (RFC 8176 `amr` where one fits): a password, SAML, or a passkey alone —
 * `hwk` a key bound to one device, `swk` a synced passkey — whose authenticator verified the person.
 */
export const AUTH_METHODS = ['pwd', 'saml', 'hwk', 'swk'] as const
export type AuthMethod = (typeof AUTH_METHODS)[number]

/**
 * The second factor a password sign-in used (RFC 8176 `amr` values): `otp` an authenticator app's code
 * or a recovery code, `hwk`/`swk` a passkey kept in hardware or software.
 */
export const SECOND_FACTOR_METHODS = ['otp', 'hwk', 'swk'] as const
export type SecondFactorMethod = (typeof SECOND_FACTOR_METHODS)[number]

/** The ID token's `amr` for a session: how it was proved, and `mfa` with a second factor. */
export function amrOf(session: {
  readonly authMethod: AuthMethod
  readonly secondFactor: SecondFactorMethod | null
}): string[] {
  // A passkey alone with user verification is two factors: something held, and a PIN or biometric.
  if (session.authMethod === 'hwk' || session.authMethod === 'swk') {
    return [session.authMethod, 'user', 'mfa']
  }
  return session.secondFactor === null
    ? [session.authMethod]
    : [session.authMethod, session.secondFactor, 'mfa']
}

/** A session that just ended, for its `session.revoked` event and logout tokens. */
export interface EndedSession {
  readonly sid: string
  readonly userId: string
}

/** Why a session ended before its time (`session.revoked`'s `data.reason`). */
export const SESSION_END_REASONS = [
  'logout',
  'signed_in_again',
  'deactivation',
  'deletion',
  'moved',
  'password_reset',
  'password_change',
  'signed_out_by_admin',
  'lifetime_change',
  'suspension',
] as const
export type SessionEndReason = (typeof SESSION_END_REASONS)[number]

export interface Session {
  readonly idHash: string
  readonly sid: string
  readonly orgId: string
  readonly userId: string
  readonly authMethod: AuthMethod
  /** The second factor of a password sign-in; null without one (and for SSO). */
  readonly secondFactor: SecondFactorMethod | null
  readonly ssoProfileId: string | null
  /** The browser (User-Agent) and address the session was started from, for the person's own list. */
  readonly userAgent: string | null
  readonly ip: string | null
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

/**
 * The most sensitive changes (enforcement, token creation, ownership transfer, SSO profile deletion;
 * removing a second factor, new recovery codes) need a session to have been signed in to within this
 * long; older sessions sign in again first (OIDC `max_age=0` on the built-in client). API tokens are
 * credentials made for automation and are not asked.
 */
export const FRESH_SIGN_IN_MS = 5 * 60_000

/** Don't write `last_seen_at` more often than this (nor than a tenth of the idle timeout). */
export const SESSION_TOUCH_INTERVAL_MS = 60_000
/** The touch interval is at most this fraction of the idle timeout in force. */
export const TOUCH_FRACTION_OF_IDLE = 10

/**
 * How often use is written, for the idle timeout in force: a tenth of it, at most a minute. A use sooner
 * than that after the last recorded one is not written, so the idle deadline is judged with this much
 * grace: a session used at least once per idle timeout never ends, and one left alone ends between the
 * idle timeout and the idle timeout plus this interval after its last use.
 */
export function touchIntervalMs(lifetimes: SessionLifetimes): number {
  return Math.min(SESSION_TOUCH_INTERVAL_MS, Math.floor(lifetimes.idleMs / TOUCH_FRACTION_OF_IDLE))
}

/** The idle deadline of a session last recorded in use at `lastSeenAt`, never past `expiresAt`. */
export function idleDeadline(
  lastSeenAt: number,
  lifetimes: SessionLifetimes,
  expiresAt: number,
): number {
  return Math.min(lastSeenAt + lifetimes.idleMs + touchIntervalMs(lifetimes), expiresAt)
}

export function newSession(
  clock: Clock,
  lifetimes: SessionLifetimes,
  subject: {
    orgId: string
    userId: string
    authMethod: AuthMethod
    secondFactor: SecondFactorMethod | null
    ssoProfileId: string | null
    userAgent: string | null
    ip: string | null
  },
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
      idleExpiresAt: idleDeadline(now, lifetimes, expiresAt),
      expiresAt,
      revokedAt: null,
    },
  }
}

/**
 * The session with its deadlines as the lifetimes that apply now make them (an organization's settings
 * may have changed since it was created): the absolute one from its creation, the idle one from its
 * last use, never past the absolute one. A session that has ended is recorded as ended (`revokedAt`,
 * see `endedAt`), so lengthening a setting later never brings it back.
 */
export function withLifetimes(session: Session, lifetimes: SessionLifetimes): Session {
  const expiresAt = session.createdAt + lifetimes.absoluteMs
  return {
    ...session,
    expiresAt,
    idleExpiresAt: idleDeadline(session.lastSeenAt, lifetimes, expiresAt),
  }
}

/** When a session that is no longer active ended: revoked, or its first deadline. */
export function endedAt(session: Session): number {
  return session.revokedAt ?? Math.min(session.idleExpiresAt, session.expiresAt)
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
  if (now - session.lastSeenAt < touchIntervalMs(lifetimes)) return undefined
  return idleDeadline(now, lifetimes, session.expiresAt)
}

/**
 * The thresholds below which a session has ended under `lifetimes` at `now`: created at or before
 * `createdBy`, or last recorded in use at or before `lastSeenBy` (the idle timeout and its grace).
 */
export function endedThresholds(
  lifetimes: SessionLifetimes,
  now: number,
): { readonly createdBy: number; readonly lastSeenBy: number } {
  return {
    createdBy: now - lifetimes.absoluteMs,
    lastSeenBy: now - lifetimes.idleMs - touchIntervalMs(lifetimes),
  }
}
