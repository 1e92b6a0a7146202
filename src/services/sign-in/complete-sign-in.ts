/**
 * The one way a login succeeds, whichever method proved who the user is (password or SAML): the login
 * transaction is completed (once), the browser's previous session ends (no fixation), a fresh session
 * is stored, the user's last login recorded, the browser remembered as one the user signs in from (the
 * device cookie), the success audited, and, when a client is waiting, its one-time code issued. All of
 * it in the caller's transaction.
 */
import type { EventRepository } from '../../events/event-repository.ts'
import { recordEndedSessions } from './ended-sessions.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { userEvent } from '../../audit/audit-log.ts'
import { userActor, type RequestContext } from '../../audit/request-context.ts'
import { AppError } from '../../errors/app-error.ts'
import type { AuthCodeRepository } from '../../oidc/auth-code-repository.ts'
import { completeAuthorization } from './complete-authorization.ts'
import type { LoginTransaction } from '../../oidc/login-transaction.ts'
import type { LoginTransactionRepository } from '../../oidc/login-transaction-repository.ts'
import type { Clock } from '../../platform/clock.ts'
import { hashSecret } from '../../platform/crypto.ts'
import { newSession, type AuthMethod, type SecondFactorMethod } from '../../sessions/session.ts'
import { readSettings, sessionLifetimes, type SettingBounds } from '../../orgs/org-settings.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'
import { isSuspended } from '../../orgs/organization.ts'
import type { SessionRepository } from '../../sessions/session-repository.ts'
import {
  isDeviceSecret,
  KNOWN_DEVICE_LIFETIME_MS,
  newDeviceSecret,
} from '../../sessions/known-device.ts'
import type { KnownDeviceRepository } from '../../sessions/known-device-repository.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import { firstSpokenLocale } from '../../platform/locales.ts'

export type SignInRepos = {
  readonly events: EventRepository
  readonly orgs: OrganizationRepository
  readonly loginTransactions: LoginTransactionRepository
  readonly sessions: SessionRepository
  readonly knownDevices: KnownDeviceRepository
  readonly users: UserRepository
  readonly authCodes: AuthCodeRepository
  readonly audit: AuditRepository
}

export interface SignInDeps {
  readonly clock: Clock
  readonly issuer: string
  /** The deployment's settings: the organization's session lifetimes are read within them. */
  readonly settingBounds: SettingBounds
}

export interface SignIn {
  readonly orgId: string
  readonly userId: string
  /** The user's canonical email: what the password step asks the device question with. */
  readonly emailCanonical: string
  readonly method: AuthMethod
  /** The second factor a password sign-in passed, if it needed one. */
  readonly secondFactor?: SecondFactorMethod | null
  readonly ssoProfileId: string | null
  /** The login transaction a client is waiting on; null for a login no client asked for. */
  readonly transaction: LoginTransaction | null
  /** The session secret this browser presented before, ended now. */
  readonly previousSessionSecret: string | undefined
  /** The device cookie this browser presented, if any: kept, or a new one made. */
  readonly deviceSecret: string | undefined
  readonly context: RequestContext
  /** A new hash of the password when its parameters are outdated. */
  readonly rehash?: string
  /** Method-specific facts for the audit event (`clientId`, `assertionId`, …). */
  readonly details: Readonly<Record<string, unknown>>
}

export interface SignedIn {
  readonly sessionSecret: string
  /** The device cookie to set (long-lived; the same secret when the browser had one). */
  readonly deviceSecret: string
  readonly sid: string
  /** The client's redirect carrying the code; undefined when no transaction was waiting. */
  readonly location: string | undefined
}

/** Throws `login.transaction_expired` when the transaction was completed or expired meanwhile. */
export async function completeSignIn(
  repos: SignInRepos,
  deps: SignInDeps,
  signIn: SignIn & { readonly transaction: LoginTransaction },
): Promise<SignedIn & { readonly location: string }>
export async function completeSignIn(
  repos: SignInRepos,
  deps: SignInDeps,
  signIn: SignIn,
): Promise<SignedIn>
export async function completeSignIn(
  repos: SignInRepos,
  deps: SignInDeps,
  signIn: SignIn,
): Promise<SignedIn> {
  const { clock } = deps
  const now = clock.now()
  const { transaction } = signIn
  if (transaction !== null && !(await repos.loginTransactions.complete(transaction.id, now))) {
    throw new AppError('login.transaction_expired')
  }
  // The organization's session lifetimes as they are at this sign-in, read in its transaction; a
  // suspended organization's users prove who they are and still get no session (issue 23).
  const org = await repos.orgs.findById(signIn.orgId)
  if (isSuspended(org)) throw new AppError('login.organization_suspended')
  const lifetimes = sessionLifetimes(readSettings(org?.settings ?? {}), deps.settingBounds)
  const { session, secret } = newSession(clock, lifetimes, {
    orgId: signIn.orgId,
    userId: signIn.userId,
    authMethod: signIn.method,
    secondFactor: signIn.secondFactor ?? null,
    ssoProfileId: signIn.ssoProfileId,
    userAgent: signIn.context.userAgent,
    ip: signIn.context.ip,
  })
  if (signIn.previousSessionSecret !== undefined) {
    const previousHash = hashSecret(signIn.previousSessionSecret)
    const previous = await repos.sessions.findByIdHash(previousHash)
    if (previous !== undefined && (await repos.sessions.revoke(previousHash, now))) {
      await recordEndedSessions(repos.events, {
        orgId: previous.orgId,
        sessions: [previous],
        reason: 'signed_in_again',
        actor: { type: 'user', id: signIn.userId },
        at: now,
      })
    }
  }
  await repos.sessions.insert(session)
  // The language the sign-in's pages spoke (the client's ui_locales, else the browser's): the person's
  // mail is written in it from now on (issue 27).
  const locale = firstSpokenLocale(transaction?.uiLocales) ?? signIn.context.locale
  await repos.users.recordLogin(signIn.orgId, signIn.userId, now, signIn.rehash, locale)
  const deviceSecret = isDeviceSecret(signIn.deviceSecret) ? signIn.deviceSecret : newDeviceSecret()
  await repos.knownDevices.remember({
    deviceHash: hashSecret(deviceSecret),
    orgId: signIn.orgId,
    userId: signIn.userId,
    emailCanonical: signIn.emailCanonical,
    createdAt: now,
    lastUsedAt: now,
    expiresAt: now + KNOWN_DEVICE_LIFETIME_MS,
  })
  await repos.audit.insert(
    userEvent(clock, {
      orgId: signIn.orgId,
      type: 'login.succeeded',
      actor: userActor(signIn.userId, signIn.context),
      userId: signIn.userId,
      details: { method: signIn.method, ...signIn.details, sid: session.sid },
    }),
  )
  const location =
    transaction === null
      ? undefined
      : await completeAuthorization(repos.authCodes, clock, deps.issuer, transaction, session)
  return { sessionSecret: secret, deviceSecret, sid: session.sid, location }
}
