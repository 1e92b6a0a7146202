/**
 * The email-first login pages' logic (SPEC §3 steps 2–4 and 9): the transaction and CSRF checks, the
 * login policy, password verification with throttling, and on success a fresh session and a code.
 * Every attempt is audited in the transaction of its effect.
 */
import type { AuditRepository } from '../audit/audit-repository.ts'
import { auditEvent } from '../audit/audit-log.ts'
import type { DomainRepository } from '../domains/domain-repository.ts'
import { AppError } from '../errors/app-error.ts'
import type { ErrorCode } from '../errors/codes.ts'
import type { AuthCodeRepository } from '../oidc/auth-code-repository.ts'
import { completeAuthorization } from '../oidc/complete-authorization.ts'
import type { AccessTokenRepository } from '../oidc/access-token-repository.ts'
import type { Clock } from '../platform/clock.ts'
import { constantEquals, hashSecret } from '../platform/crypto.ts'
import type { Store } from '../platform/store.ts'
import { canonicalizeEmail } from '../users/email.ts'
import type { User } from '../users/user.ts'
import type { UserRepository } from '../users/user-repository.ts'
import { decideLoginPolicy, type LoginPolicy } from './login-policy.ts'
import type { LoginTransaction } from './login-transaction.ts'
import type { LoginTransactionRepository } from './login-transaction-repository.ts'
import { hashPassword, needsRehash, verifyPassword } from './password.ts'
import { lockUntil, RATE_LIMITS, rateLimitKey } from './rate-limit.ts'
import type { RateLimitRepository } from './rate-limit-repository.ts'
import { anonymousActor, userActor, type RequestContext } from './request-context.ts'
import { newSession, type SessionLifetimes } from './session.ts'
import type { SessionRepository } from './session-repository.ts'

export interface LoginServiceDeps {
  readonly store: Store<{
    loginTransactions: LoginTransactionRepository
    users: UserRepository
    domains: DomainRepository
    sessions: SessionRepository
    authCodes: AuthCodeRepository
    accessTokens: AccessTokenRepository
    rateLimits: RateLimitRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
  readonly issuer: string
  readonly lifetimes: SessionLifetimes
}

/** What the browser presents with every login form. */
export interface LoginFormInput {
  readonly transactionId: string | undefined
  readonly bindingSecret: string | undefined
  readonly csrfToken: string | undefined
}

export type EmailStepResult =
  | {
      readonly next: 'password'
      readonly transaction: LoginTransaction
      readonly email: string
      /** Set when the user may also sign in with SSO through this profile. */
      readonly ssoProfileId: string | null
    }
  | {
      readonly next: 'sso'
      readonly transaction: LoginTransaction
      readonly policy: Extract<LoginPolicy, { kind: 'sso_required' }>
    }

export interface LoginSuccess {
  readonly location: string
  readonly sessionSecret: string
}

export class LoginService {
  readonly #deps: LoginServiceDeps

  constructor(deps: LoginServiceDeps) {
    this.#deps = deps
  }

  /** The live transaction for this browser (GET pages check the binding only; forms also CSRF). */
  async transactionFor(transactionId: string | undefined, bindingSecret: string | undefined) {
    const transaction =
      transactionId === undefined || transactionId.length > 100
        ? undefined
        : await this.#deps.store.read.loginTransactions.find(transactionId)
    const now = this.#deps.clock.now()
    if (
      transaction === undefined ||
      bindingSecret === undefined ||
      !constantEquals(hashSecret(bindingSecret), transaction.bindingHash) ||
      transaction.expiresAt <= now ||
      transaction.completedAt !== null
    ) {
      throw new AppError('login.transaction_expired')
    }
    return transaction
  }

  /** POST of the email page: remembers the email and decides what comes next. */
  async submitEmail(form: LoginFormInput, rawEmail: unknown): Promise<EmailStepResult> {
    const transaction = await this.#checkForm(form)
    const email = canonicalizeEmail(rawEmail)
    await this.#deps.store.read.loginTransactions.setEmail(transaction.id, email.email)
    const policy = await this.#policyFor(email.canonical, email.domain)
    const updated = { ...transaction, email: email.email }
    // Known and unknown emails alike get the password page unless the domain requires SSO.
    if (policy.kind === 'sso_required') return { next: 'sso', transaction: updated, policy }
    return {
      next: 'password',
      transaction: updated,
      email: email.email,
      ssoProfileId: policy.kind === 'password_or_sso' ? policy.ssoProfileId : null,
    }
  }

  /** POST of "Sign in with SSO": the profile that serves this transaction's email, if SSO is allowed. */
  async ssoProfileFor(
    form: LoginFormInput,
  ): Promise<{ transaction: LoginTransaction; profileId: string }> {
    const transaction = await this.#checkForm(form)
    if (transaction.email === null) throw new AppError('login.email_required')
    const email = canonicalizeEmail(transaction.email)
    const policy = await this.#policyFor(email.canonical, email.domain)
    if (policy.kind === 'password' || policy.ssoProfileId === null)
      throw new AppError('login.sso_unavailable')
    return { transaction, profileId: policy.ssoProfileId }
  }

  /** POST of the password page. Throws AppError with a stable `login.*` code on every refusal. */
  async submitPassword(
    form: LoginFormInput,
    password: unknown,
    context: RequestContext,
    currentSessionSecret: string | undefined,
  ): Promise<LoginSuccess> {
    const { store, clock } = this.#deps
    const transaction = await this.#checkForm(form)
    if (transaction.email === null) throw new AppError('login.email_required')
    const email = canonicalizeEmail(transaction.email)
    const accountKey = rateLimitKey('account', email.canonical)
    const addressKey = rateLimitKey('address', context.ip)
    const now = clock.now()

    const locks = await store.read.rateLimits.lockedUntil([accountKey, addressKey], now)
    if (locks.has(accountKey) || locks.has(addressKey)) {
      const code = locks.has(accountKey) ? 'login.locked' : 'login.rate_limited'
      await this.#auditFailure(undefined, email.canonical, code, context)
      throw new AppError(code, { details: { retryAfterSeconds: secondsUntil(locks, now) } })
    }

    const user = await store.read.users.findByCanonicalEmail(email.canonical)
    const policy = await this.#policyFor(email.canonical, email.domain, user)
    if (policy.kind === 'sso_required') {
      // SPEC §3.4: never by password, even the right one; the password is not even checked.
      await this.#auditFailure(user, email.canonical, 'login.sso_required', context)
      throw new AppError('login.sso_required')
    }

    const text = typeof password === 'string' ? password : ''
    const verified = await verifyPassword(user?.passwordHash ?? null, text)
    if (!verified || user === undefined) {
      await store.transaction(async ({ rateLimits, audit }) => {
        for (const [key, rule] of [
          [accountKey, RATE_LIMITS.account],
          [addressKey, RATE_LIMITS.address],
        ] as const) {
          const failures = await rateLimits.recordFailure(key, rule.quietWindowMs, now)
          const until = lockUntil(rule, failures, now)
          if (until !== null) await rateLimits.lock(key, until)
        }
        await audit.insert(
          this.#failureEvent(user, email.canonical, 'login.invalid_credentials', context),
        )
      })
      throw new AppError('login.invalid_credentials')
    }
    if (user.status !== 'active') {
      const code =
        user.status === 'deactivated' ? 'login.account_deactivated' : 'login.invalid_credentials'
      await this.#auditFailure(user, email.canonical, code, context)
      throw new AppError(code)
    }

    const rehash = needsRehash(user.passwordHash ?? '') ? await hashPassword(text) : undefined
    const { session, secret } = newSession(clock, this.#deps.lifetimes, {
      orgId: user.orgId,
      userId: user.id,
      authMethod: 'pwd',
      ssoProfileId: null,
    })
    const location = await store.transaction(async (repos) => {
      if (!(await repos.loginTransactions.complete(transaction.id, now))) {
        throw new AppError('login.transaction_expired')
      }
      // A new session at every login; the one this browser had before ends (no fixation).
      if (currentSessionSecret !== undefined) {
        await repos.sessions.revoke(hashSecret(currentSessionSecret), now)
      }
      await repos.sessions.insert(session)
      await repos.rateLimits.reset(accountKey)
      await repos.users.recordLogin(user.orgId, user.id, now, rehash)
      await repos.audit.insert(
        auditEvent(clock, {
          orgId: user.orgId,
          type: 'login.succeeded',
          outcome: 'success',
          actor: userActor(user.id, context),
          target: { type: 'user', id: user.id },
          details: { method: 'pwd', clientId: transaction.clientId, sid: session.sid },
        }),
      )
      return completeAuthorization(repos.authCodes, clock, this.#deps.issuer, transaction, session)
    })
    return { location, sessionSecret: secret }
  }

  async #checkForm(form: LoginFormInput): Promise<LoginTransaction> {
    const transaction = await this.transactionFor(form.transactionId, form.bindingSecret)
    if (form.csrfToken === undefined || !constantEquals(form.csrfToken, transaction.csrfToken)) {
      throw new AppError('login.csrf_failed')
    }
    return transaction
  }

  async #policyFor(canonical: string, domainName: string, known?: User): Promise<LoginPolicy> {
    const { store } = this.#deps
    const user = known ?? (await store.read.users.findByCanonicalEmail(canonical))
    const domain = await store.read.domains.findVerifiedByName(domainName)
    return decideLoginPolicy(user, domain)
  }

  async #auditFailure(
    user: User | undefined,
    canonical: string,
    code: ErrorCode,
    context: RequestContext,
  ): Promise<void> {
    await this.#deps.store.read.audit.insert(this.#failureEvent(user, canonical, code, context))
  }

  #failureEvent(
    user: User | undefined,
    canonical: string,
    code: ErrorCode,
    context: RequestContext,
  ) {
    return auditEvent(this.#deps.clock, {
      orgId: user?.orgId ?? null,
      type: 'login.failed',
      outcome: 'failure',
      reasonCode: code,
      actor: anonymousActor(context),
      target: user === undefined ? null : { type: 'user', id: user.id },
      // The email tried, canonical: for unknown accounts it is the only lead an operator has.
      details: { email: canonical, method: 'pwd' },
    })
  }
}

function secondsUntil(locks: ReadonlyMap<string, number>, now: number): number {
  return Math.ceil((Math.max(...locks.values()) - now) / 1000)
}
