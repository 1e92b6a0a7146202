/**
 * A person's own account (issue 25, `/account`): who they are, their password, their second factors
 * and recovery codes, their sessions. Every method acts for the session's own user only — the session
 * is the whole authority, there is no user id to pass — and every change is audited. Removing a factor
 * and new recovery codes need a fresh sign-in (FRESH_SIGN_IN_MS); a password change needs the current
 * password (counted like a sign-in attempt) and ends the user's other sessions.
 */
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import { sourceOf, userActor, type RequestContext } from '../../audit/request-context.ts'
import type { DomainRepository } from '../../domains/domain-repository.ts'
import { decideLoginPolicy } from '../../domains/login-policy.ts'
import { AppError } from '../../errors/app-error.ts'
import type { EventRepository } from '../../events/event-repository.ts'
import type { FactorRepository } from '../../factors/factor-repository.ts'
import { isUsable, type SecondFactor } from '../../factors/second-factor.ts'
import {
  mfaPolicy,
  readSettings,
  secondFactorRequired,
  type MfaMode,
} from '../../orgs/org-settings.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Store } from '../../platform/store.ts'
import { FRESH_SIGN_IN_MS, type Session } from '../../sessions/session.ts'
import type { SessionRepository } from '../../sessions/session-repository.ts'
import type { RateLimitRepository } from '../../throttling/rate-limit-repository.ts'
import { hashNewPassword, verifyPassword } from '../../users/password.ts'
import type { User } from '../../users/user.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import { recordEndedSessions } from './ended-sessions.ts'
import type { FactorService, TotpEnrolment } from './factor-service.ts'
import type { PasskeyService } from './passkey-service.ts'
import type { Actor } from '../../audit/audit-event.ts'
import { admitAttempt, refundAttempt } from './password-attempt.ts'

export interface AccountServiceDeps {
  readonly store: Store<{
    users: UserRepository
    orgs: OrganizationRepository
    domains: DomainRepository
    sessions: SessionRepository
    factors: FactorRepository
    rateLimits: RateLimitRepository
    events: EventRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
  readonly factors: FactorService
  readonly passkeys: PasskeyService
}

/** One of the person's sessions, as their list shows it. */
export interface AccountSession {
  readonly sid: string
  readonly current: boolean
  readonly userAgent: string | null
  readonly ip: string | null
  readonly authMethod: string
  readonly createdAt: number
  readonly lastSeenAt: number
}

export interface AccountView {
  readonly user: User
  readonly organizationName: string
  /** Signs in with a password (not only through the IdP): may change it and has second factors. */
  readonly passwordUser: boolean
  readonly mfa: MfaMode
  /** The organization requires this person to keep a second factor. */
  readonly mfaRequired: boolean
  readonly factors: readonly SecondFactor[]
  readonly recoveryCodesLeft: number
  readonly sessions: readonly AccountSession[]
}

export class AccountService {
  readonly #deps: AccountServiceDeps

  constructor(deps: AccountServiceDeps) {
    this.#deps = deps
  }

  async view(session: Session): Promise<AccountView> {
    const { store, clock } = this.#deps
    const { user, passwordUser, mfa, mfaRequired, organizationName } = await this.#who(session)
    const factors = (await store.read.factors.listForUser(user.orgId, user.id)).filter(isUsable)
    const live = await store.read.sessions.listLiveForUser(user.orgId, user.id, clock.now())
    return {
      user,
      organizationName,
      passwordUser,
      mfa,
      mfaRequired,
      factors,
      recoveryCodesLeft: await store.read.factors.countRecoveryCodes(user.orgId, user.id),
      sessions: live.map((s) => ({
        sid: s.sid,
        current: s.idHash === session.idHash,
        userAgent: s.userAgent,
        ip: s.ip,
        authMethod: s.authMethod,
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
      })),
    }
  }

  /**
   * A new password, typed twice, after the current one (a wrong one counts against the account like a
   * sign-in attempt). The user's other sessions end (`password_change`); this one stays.
   */
  async changePassword(
    session: Session,
    input: { readonly current: unknown; readonly password: unknown; readonly confirm: unknown },
    context: RequestContext,
  ): Promise<void> {
    const { store, clock } = this.#deps
    const { user, passwordUser } = await this.#who(session)
    if (!passwordUser || user.passwordHash === null) throw new AppError('factor.sso_user')
    const source = sourceOf(context)
    const admitted = await admitAttempt(
      { rateLimits: store.read.rateLimits, clock },
      { canonical: user.emailCanonical, source, knownDevice: true },
    )
    const current = typeof input.current === 'string' ? input.current : ''
    if (!(await verifyPassword(user.passwordHash, current, source))) {
      throw new AppError('login.invalid_credentials')
    }
    await refundAttempt(store.read.rateLimits, admitted)
    const passwordHash = await hashNewPassword(input.password, input.confirm, user.email, source)
    const actor = userActor(user.id, context)
    await store.transaction(async ({ users, sessions, events, audit }) => {
      const now = clock.now()
      await users.setPassword(user.orgId, user.id, passwordHash, now)
      const ended = await sessions.revokeForUser(
        user.orgId,
        user.id,
        { exceptIdHash: session.idHash },
        now,
      )
      await recordEndedSessions(events, {
        orgId: user.orgId,
        sessions: ended,
        reason: 'password_change',
        actor,
        at: now,
      })
      await audit.insert(
        auditEvent(clock, {
          orgId: user.orgId,
          type: 'user.password_changed',
          outcome: 'success',
          actor,
          target: { type: 'user', id: user.id },
          details: { endedSessions: ended.length },
        }),
      )
    })
  }

  /** An authenticator app to set up (shown as a QR code and a key); it counts once confirmed. */
  async startTotp(session: Session, name: unknown): Promise<TotpEnrolment> {
    const { user } = await this.#mayAddFactor(session)
    return this.#deps.factors.startTotp(user.orgId, user.id, name === '' ? undefined : name)
  }

  async showTotp(session: Session, factorId: unknown): Promise<TotpEnrolment> {
    const { user } = await this.#mayAddFactor(session)
    return this.#deps.factors.showTotp(user.orgId, user.id, factorId)
  }

  /**
   * Confirms the app with a code it shows. A person who had no recovery codes gets ten, returned this
   * once; otherwise undefined.
   */
  async confirmTotp(
    session: Session,
    factorId: unknown,
    code: unknown,
    context: RequestContext,
  ): Promise<readonly string[] | undefined> {
    const { user } = await this.#mayAddFactor(session)
    const actor = userActor(user.id, context)
    await this.#deps.factors.confirmTotp(user.orgId, user.id, factorId, code, actor)
    return this.#newCodesIfNone(user, actor)
  }

  /** A first factor comes with recovery codes: ten, when the person has none. */
  async #newCodesIfNone(user: User, actor: Actor): Promise<readonly string[] | undefined> {
    const { factors } = this.#deps
    if ((await factors.recoveryCodesLeft(user.orgId, user.id)) > 0) return undefined
    return factors.regenerateRecoveryCodes(user.orgId, user.id, actor)
  }

  /** WebAuthn options for adding a passkey (the browser then creates it). */
  async passkeyOptions(session: Session) {
    const { user } = await this.#mayAddFactor(session)
    return this.#deps.passkeys.registrationOptions(user)
  }

  /**
   * Keeps the passkey the browser created. A person who had no recovery codes gets ten, returned this
   * once; otherwise undefined.
   */
  async addPasskey(
    session: Session,
    name: unknown,
    credential: unknown,
    context: RequestContext,
  ): Promise<readonly string[] | undefined> {
    const { user } = await this.#mayAddFactor(session)
    const actor = userActor(user.id, context)
    await this.#deps.passkeys.register(user, name, credential, actor)
    return this.#newCodesIfNone(user, actor)
  }

  async renameFactor(session: Session, factorId: unknown, name: unknown): Promise<void> {
    const { user } = await this.#who(session)
    await this.#deps.factors.rename(user.orgId, user.id, idOf(factorId), name)
  }

  /**
   * Removes a factor — after a fresh sign-in, and never the last one a person who must keep a second
   * factor has (`factor.required`), so the organization's rule holds after every change, not only at
   * sign-in.
   */
  async removeFactor(session: Session, factorId: unknown, context: RequestContext) {
    const { user, mfaRequired } = await this.#who(session)
    this.#needFreshSignIn(session)
    await this.#deps.factors.remove(
      user.orgId,
      user.id,
      idOf(factorId),
      userActor(user.id, context),
      {
        keepOne: mfaRequired,
      },
    )
  }

  /** Ten new recovery codes (the old ones stop working), after a fresh sign-in; returned this once. */
  async regenerateRecoveryCodes(session: Session, context: RequestContext): Promise<string[]> {
    const { user, passwordUser } = await this.#who(session)
    if (!passwordUser) throw new AppError('factor.sso_user')
    this.#needFreshSignIn(session)
    return this.#deps.factors.regenerateRecoveryCodes(
      user.orgId,
      user.id,
      userActor(user.id, context),
    )
  }

  /** Signs out one other session of this person (`sid`), or every other one; returns how many ended. */
  async signOut(
    session: Session,
    which: { readonly sid: unknown } | 'others',
    context: RequestContext,
  ): Promise<number> {
    const { store, clock } = this.#deps
    const { user } = await this.#who(session)
    const actor = userActor(user.id, context)
    return store.transaction(async ({ sessions, events, audit }) => {
      const now = clock.now()
      const ended = await sessions.revokeForUser(
        user.orgId,
        user.id,
        which === 'others'
          ? { exceptIdHash: session.idHash }
          : { sids: [idOf(which.sid)].filter((sid) => sid !== session.sid) },
        now,
      )
      await recordEndedSessions(events, {
        orgId: user.orgId,
        sessions: ended,
        reason: 'logout',
        actor,
        at: now,
      })
      if (ended.length > 0) {
        await audit.insert(
          auditEvent(clock, {
            orgId: user.orgId,
            type: 'user.sessions_signed_out',
            outcome: 'success',
            actor,
            target: { type: 'user', id: user.id },
            details: { sessions: ended.length },
          }),
        )
      }
      return ended.length
    })
  }

  async #who(session: Session) {
    const { store } = this.#deps
    const user = await store.read.users.findById(session.orgId, session.userId)
    if (user?.status !== 'active') throw new AppError('auth.unauthenticated')
    const org = await store.read.orgs.findById(user.orgId)
    const domain = await store.read.domains.findVerifiedByName(
      user.emailCanonical.split('@')[1] ?? '',
    )
    const passwordUser =
      user.passwordHash !== null && decideLoginPolicy(user, domain).kind !== 'sso_required'
    const policy = mfaPolicy(readSettings(org?.settings ?? {}))
    return {
      user,
      organizationName: org?.name ?? '',
      passwordUser,
      mfa: policy.passwordUserMfa,
      mfaRequired: passwordUser && secondFactorRequired(policy, user.role),
    }
  }

  /** Only password users add factors (SSO users' IdP decides), and not where the organization says off. */
  async #mayAddFactor(session: Session) {
    const who = await this.#who(session)
    if (!who.passwordUser) throw new AppError('factor.sso_user')
    if (who.mfa === 'off') throw new AppError('factor.not_offered')
    return who
  }

  #needFreshSignIn(session: Session): void {
    if (this.#deps.clock.now() - session.createdAt > FRESH_SIGN_IN_MS) {
      throw new AppError('auth.reauthentication_required')
    }
  }
}

function idOf(value: unknown): string {
  return typeof value === 'string' && value.length <= 64 ? value : ''
}
