/**
 * The email-first login pages' logic (SPEC §3 steps 2–4 and 9): the transaction and CSRF checks, the
 * login policy, password verification with throttling, and on success a fresh session and a code.
 * What a step shows depends on the email's domain alone until the user proves something (SPEC §3.3).
 * Every refusal at every step is audited from one place (`#audited`); success with its effect.
 */
import type { EventRepository } from '../../events/event-repository.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import type { DomainRepository } from '../../domains/domain-repository.ts'
import { AppError } from '../../errors/app-error.ts'
import type { AuthCodeRepository } from '../../oidc/auth-code-repository.ts'
import type { AccessTokenRepository } from '../../oidc/access-token-repository.ts'
import type { Clock } from '../../platform/clock.ts'
import { constantEquals, hashSecret } from '../../platform/crypto.ts'
import type { Store } from '../../platform/store.ts'
import { canonicalizeEmail, type CanonicalEmail } from '../../users/email.ts'
import type { User } from '../../users/user.ts'
import { isUsable, type SSOProfile } from '../../sso-profiles/sso-profile.ts'
import type { SSOProfileRepository } from '../../sso-profiles/sso-profile-repository.ts'
import type { DomainLoginFacts } from '../../domains/domain.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import { completeSignIn } from './complete-sign-in.ts'
import {
  checkSecondFactor,
  hasSecondFactor,
  SECOND_STEP_MS,
  type SecondFactorInput,
} from './second-factor-check.ts'
import type { FactorRepository } from '../../factors/factor-repository.ts'
import type { SecretBox } from '../../platform/secret-box.ts'
import type { OutboxRepository } from '../../mail/outbox-repository.ts'
import type { MailSender } from '../../platform/mail.ts'
import type { SecondFactorMethod } from '../../sessions/session.ts'
import { decideLoginPolicy } from '../../domains/login-policy.ts'
import type { LoginTransaction } from '../../oidc/login-transaction.ts'
import type { LoginTransactionRepository } from '../../oidc/login-transaction-repository.ts'
import { hashPassword, needsRehash, verifyPassword } from '../../users/password.ts'
import type { RateLimitRepository } from '../../throttling/rate-limit-repository.ts'
import {
  anonymousActor,
  sourceOf,
  userActor,
  type RequestContext,
} from '../../audit/request-context.ts'
import type { SettingBounds } from '../../orgs/org-settings.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'
import type { SessionRepository } from '../../sessions/session-repository.ts'
import type { SSOStartService } from './sso-start-service.ts'
import { admitAttempt, refundAttempt, takeBackAttempt } from './password-attempt.ts'
import type { FactorService, TotpEnrolment } from './factor-service.ts'
import type { PasskeyService } from './passkey-service.ts'
import { isUsable as isUsableFactor } from '../../factors/second-factor.ts'
import { mfaPolicy, readSettings, secondFactorRequired } from '../../orgs/org-settings.ts'
import type { KnownDeviceRepository } from '../../sessions/known-device-repository.ts'
import { isDeviceSecret } from '../../sessions/known-device.ts'

export interface LoginServiceDeps {
  readonly store: Store<{
    events: EventRepository
    orgs: OrganizationRepository
    loginTransactions: LoginTransactionRepository
    users: UserRepository
    domains: DomainRepository
    ssoProfiles: SSOProfileRepository
    sessions: SessionRepository
    knownDevices: KnownDeviceRepository
    authCodes: AuthCodeRepository
    accessTokens: AccessTokenRepository
    rateLimits: RateLimitRepository
    factors: FactorRepository
    outbox: OutboxRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
  /** Opens sealed TOTP secrets (SECRETS_KEY). */
  readonly secrets: SecretBox
  /** Tells a user a recovery code of theirs was used (through the outbox; nothing when mail is off). */
  readonly mailer: MailSender
  readonly issuer: string
  readonly settingBounds: SettingBounds
  /** Hands an SSO user over to their IdP (a pending AuthnRequest bound to the browser). */
  readonly ssoStart: SSOStartService
  /** Sets up the second factor an organization requires, inside the sign-in. */
  readonly factors: FactorService
  /** Checks passkeys: a sign-in by passkey alone, or a passkey after the password. */
  readonly passkeys: PasskeyService
}

/** What the browser presents with every login form. */
export interface LoginFormInput {
  readonly transactionId: string | undefined
  readonly bindingSecret: string | undefined
  readonly csrfToken: string | undefined
}

/** The password page of a transaction: the email and whether its domain offers SSO. */
export interface PasswordStep {
  readonly transaction: LoginTransaction
  readonly email: string
  readonly ssoAvailable: boolean
}

export type EmailStepResult =
  | ({ readonly next: 'password' } & PasswordStep)
  | { readonly next: 'sso'; readonly transaction: LoginTransaction; readonly location: string }

/** The way to the IdP: where to send the browser, for which transaction. */
export interface SSOHandOver {
  readonly transaction: LoginTransaction
  readonly location: string
}

/** The password was right and the user has a second factor: it is asked next (issue 25). */
export interface SecondFactorNeeded {
  readonly secondFactor: true
  readonly transaction: LoginTransaction
  readonly email: string
  readonly methods: SecondFactorMethods
}

/** What the second-factor page offers: the kinds of factor the user has. */
export interface SecondFactorMethods {
  readonly totp: boolean
  readonly passkey: boolean
}

/** The password was right, the organization requires a second factor, the user has none (issue 25). */
export interface EnrolmentNeeded {
  readonly enrol: true
  readonly transaction: LoginTransaction
  readonly email: string
}

/** The enrolment page: an authenticator app to set up. */
export interface EnrolmentStep {
  readonly transaction: LoginTransaction
  readonly email: string
  readonly enrolment: TotpEnrolment
}

/** The app is confirmed: the recovery codes to show once before the sign-in completes. */
export interface EnrolmentDone {
  readonly transaction: LoginTransaction
  readonly email: string
  readonly recoveryCodes: readonly string[]
}

/** How long after the right password a required enrolment may take (setting up an app takes a while). */
export const ENROLMENT_STEP_MS = 10 * 60_000

export interface LoginSuccess {
  readonly location: string
  readonly sessionSecret: string
  /** The device cookie to set: this browser now passes the account-wide slow-down for this user. */
  readonly deviceSecret: string
}

/** What the browser holds besides the login form: its session and device cookies. */
export interface BrowserCredentials {
  readonly sessionSecret: string | undefined
  readonly deviceSecret: string | undefined
}

/** Who a refused step was about, as far as the step got: for the audit event only. */
interface Attempt {
  step: 'email' | 'sso' | 'password' | 'second_factor' | 'enrolment' | 'passkey'
  orgId: string | null
  canonical: string | null
  user: User | undefined
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

  /** The password page for a transaction whose email is known (re-shown after a refusal). */
  async passwordStep(transaction: LoginTransaction): Promise<PasswordStep> {
    if (transaction.email === null) throw new AppError('login.email_required')
    const email = canonicalizeEmail(transaction.email)
    const domain = await this.#deps.store.read.domains.findVerifiedByName(email.domain)
    const policy = decideLoginPolicy(undefined, domain)
    return { transaction, email: email.email, ssoAvailable: policy.kind !== 'password' }
  }

  /**
   * POST of the email page: remembers the email and decides from its domain alone what comes next —
   * the IdP where the domain enforces SSO, the password page otherwise, or always the password page
   * when the user asked for it (`method=password`: how a user with an SSO exception signs in on an
   * enforced domain). `samlBinding` is the browser's SAML binding secret, for the hand-over to the IdP.
   */
  async submitEmail(
    form: LoginFormInput,
    rawEmail: unknown,
    passwordRequested: boolean,
    context: RequestContext,
    samlBinding: string,
  ): Promise<EmailStepResult> {
    const attempt: Attempt = { step: 'email', orgId: null, canonical: null, user: undefined }
    const decided = await this.#audited(attempt, context, async () => {
      const transaction = await this.#checkForm(form)
      const email = canonicalizeEmail(rawEmail)
      attempt.canonical = email.canonical
      await this.#deps.store.read.loginTransactions.setEmail(transaction.id, email.email)
      const updated = { ...transaction, email: email.email }
      const domain = await this.#deps.store.read.domains.findVerifiedByName(email.domain)
      attempt.orgId = domain?.orgId ?? null
      const policy = decideLoginPolicy(undefined, domain)
      if (policy.kind === 'sso_required' && !passwordRequested) {
        return {
          next: 'sso' as const,
          transaction: updated,
          profile: await this.#usableProfile(domain),
        }
      }
      return {
        next: 'password' as const,
        transaction: updated,
        email: email.email,
        ssoAvailable: policy.kind !== 'password',
      }
    })
    if (decided.next === 'password') return decided
    return {
      next: 'sso',
      ...(await this.#handOver(decided.profile, decided.transaction, samlBinding)),
    }
  }

  /**
   * POST of "Sign in with SSO": the hand-over to the profile that serves the email's domain. Decided by
   * the domain alone; whether this user may use SSO is checked after the IdP has vouched for them (the
   * ACS identity check).
   */
  async startSSO(
    form: LoginFormInput,
    context: RequestContext,
    samlBinding: string,
  ): Promise<SSOHandOver> {
    const attempt: Attempt = { step: 'sso', orgId: null, canonical: null, user: undefined }
    const { transaction, profile } = await this.#audited(attempt, context, async () => {
      const transaction = await this.#checkForm(form)
      if (transaction.email === null) throw new AppError('login.email_required')
      const email = canonicalizeEmail(transaction.email)
      attempt.canonical = email.canonical
      const domain = await this.#deps.store.read.domains.findVerifiedByName(email.domain)
      attempt.orgId = domain?.orgId ?? null
      return { transaction, profile: await this.#usableProfile(domain) }
    })
    return this.#handOver(profile, transaction, samlBinding)
  }

  /** A pending AuthnRequest for this transaction, bound to the browser; where to send it. */
  async #handOver(
    profile: SSOProfile,
    transaction: LoginTransaction,
    samlBinding: string,
  ): Promise<SSOHandOver> {
    const location = await this.#deps.ssoStart.startLogin(profile, 'login', samlBinding, {
      loginTransactionId: transaction.id,
      freshAuthentication: transaction.forceAuthn,
    })
    return { transaction, location }
  }

  /**
   * POST of the password page. The attempt is counted before the password is checked (so concurrent
   * guesses cannot pass a limit), the password is checked for known and unknown emails alike, and only
   * after the right password does anything about the account show. A browser the account has signed in
   * from before (its device cookie) is not held by the account-wide slow-down. Throws AppError with a
   * stable `login.*` code on every refusal.
   */
  async submitPassword(
    form: LoginFormInput,
    password: unknown,
    context: RequestContext,
    browser: BrowserCredentials,
  ): Promise<LoginSuccess | SecondFactorNeeded | EnrolmentNeeded> {
    const attempt: Attempt = { step: 'password', orgId: null, canonical: null, user: undefined }
    return this.#audited(attempt, context, async () => {
      const { store, clock } = this.#deps
      const transaction = await this.#checkForm(form)
      if (transaction.email === null) throw new AppError('login.email_required')
      const email = canonicalizeEmail(transaction.email)
      attempt.canonical = email.canonical
      const source = sourceOf(context)
      // Asked by email, whether or not the account exists: the same work either way (SPEC §3.3).
      const knownDevice =
        isDeviceSecret(browser.deviceSecret) &&
        (await store.read.knownDevices.isKnown(
          hashSecret(browser.deviceSecret),
          email.canonical,
          clock.now(),
        ))
      const admitted = await admitAttempt(
        { rateLimits: store.read.rateLimits, clock },
        { canonical: email.canonical, source, knownDevice },
      )

      const user = await store.read.users.findByCanonicalEmail(email.canonical)
      attempt.user = user
      attempt.orgId = user?.orgId ?? null
      const text = typeof password === 'string' ? password : ''
      let verified: boolean
      try {
        verified = await verifyPassword(user?.passwordHash ?? null, text, source)
      } catch (error) {
        // Turned away before the password was looked at: not a guess, so it does not count.
        if (error instanceof AppError && error.code === 'login.busy')
          await takeBackAttempt(store.read.rateLimits, admitted)
        throw error
      }
      if (!verified || user === undefined) throw new AppError('login.invalid_credentials')
      await refundAttempt(store.read.rateLimits, admitted)
      if (user.status === 'deactivated') throw new AppError('login.account_deactivated')
      if (user.status !== 'active') throw new AppError('login.invalid_credentials')
      const domain = await store.read.domains.findVerifiedByName(email.domain)
      const policy = decideLoginPolicy(user, domain)
      if (policy.kind === 'sso_required') {
        // SPEC §3.4: never by password, even the right one. Throws sso_unavailable without a profile.
        if (policy.ssoProfileId === null) throw new AppError('login.sso_unavailable')
        await this.#usableProfile(domain)
        throw new AppError('login.sso_required')
      }
      // Nothing the console receives is issued before the second factor succeeds.
      const methods = await this.#methodsOf(user)
      if (methods.totp || methods.passkey) {
        await store.read.loginTransactions.markFirstFactor(transaction.id, user.id, clock.now())
        return { secondFactor: true, transaction, email: transaction.email, methods }
      }
      const org = await store.read.orgs.findById(user.orgId)
      if (secondFactorRequired(mfaPolicy(readSettings(org?.settings ?? {})), user.role)) {
        const firstFactor = { userId: user.id, at: clock.now() }
        await store.read.loginTransactions.markFirstFactor(transaction.id, user.id, firstFactor.at)
        return {
          enrol: true,
          transaction: { ...transaction, firstFactor },
          email: transaction.email,
        }
      }
      return this.#signIn(transaction, user, text, context, browser)
    })
  }

  /**
   * POST of the second-factor page: a code from the user's authenticator app or a recovery code, within
   * SECOND_STEP_MS of the right password in this same transaction. Counted exactly like a password guess
   * (the same atomic counters and lock-out); the right code signs in with `amr` pwd, otp, mfa.
   */
  async submitSecondFactor(
    form: LoginFormInput,
    input: SecondFactorInput,
    context: RequestContext,
    browser: BrowserCredentials,
  ): Promise<LoginSuccess> {
    const attempt: Attempt = {
      step: 'second_factor',
      orgId: null,
      canonical: null,
      user: undefined,
    }
    return this.#audited(attempt, context, async () => {
      const { store, clock } = this.#deps
      const transaction = await this.#checkForm(form)
      const { email, user } = await this.#pastPassword(transaction, SECOND_STEP_MS, attempt)
      const admitted = await admitAttempt(
        { rateLimits: store.read.rateLimits, clock },
        { canonical: email.canonical, source: sourceOf(context), knownDevice: false },
      )
      const method =
        input.passkey !== undefined && input.passkey !== ''
          ? (
              await this.#deps.passkeys.verifyAssertion(
                'second_factor',
                transaction.id,
                input.passkey,
                user,
              )
            ).method
          : await checkSecondFactor(store.read, this.#deps, user, input, anonymousActor(context))
      if (method === undefined) throw new AppError('login.invalid_code')
      await refundAttempt(store.read.rateLimits, admitted)
      return this.#completeSecondStep(transaction, user, email, method, context, browser)
    })
  }

  /**
   * Right after an invitation is accepted or a password reset (issue 27): the person proved the emailed
   * link and chose the password just now, so they are signed in (no client is waiting). Not when a
   * password alone is not enough — they have a second factor, or their organization requires one —
   * then undefined, and they sign in through the login pages.
   */
  async signInAfterEmailedLink(
    user: User,
    via: 'invitation' | 'password_reset',
    context: RequestContext,
    browser: BrowserCredentials,
  ): Promise<Omit<LoginSuccess, 'location'> | undefined> {
    const { store } = this.#deps
    const current = await store.read.users.findById(user.orgId, user.id)
    if (current?.status !== 'active' || (await hasSecondFactor(store.read.factors, current))) {
      return undefined
    }
    const org = await store.read.orgs.findById(current.orgId)
    if (secondFactorRequired(mfaPolicy(readSettings(org?.settings ?? {})), current.role)) {
      return undefined
    }
    try {
      const signedIn = await store.transaction((repos) =>
        completeSignIn(repos, this.#deps, {
          orgId: current.orgId,
          userId: current.id,
          emailCanonical: current.emailCanonical,
          method: 'pwd',
          ssoProfileId: null,
          transaction: null,
          previousSessionSecret: browser.sessionSecret,
          deviceSecret: browser.deviceSecret,
          context,
          details: { via },
        }),
      )
      return { sessionSecret: signedIn.sessionSecret, deviceSecret: signedIn.deviceSecret }
    } catch (error) {
      // The password is set either way; a suspended organization's people get no session.
      if (error instanceof AppError && error.code === 'login.organization_suspended')
        return undefined
      throw error
    }
  }

  /** The second-factor page of a transaction past its password (re-shown after a refusal). */
  async secondFactorStep(transaction: LoginTransaction): Promise<SecondFactorNeeded> {
    const { user, email } = await this.#pastPassword(transaction, SECOND_STEP_MS)
    return {
      secondFactor: true,
      transaction,
      email: email.email,
      methods: await this.#methodsOf(user),
    }
  }

  /**
   * WebAuthn options for this transaction's browser: any passkey it holds for this site (`sign_in`, on
   * the email page — offered to everyone, so it tells nothing about an account), or the passkeys of
   * the user whose password was right (`second_factor`).
   */
  async passkeyOptions(form: LoginFormInput, purpose: 'sign_in' | 'second_factor') {
    const transaction = await this.#checkForm(form)
    if (purpose === 'sign_in') {
      return this.#deps.passkeys.authenticationOptions('sign_in', transaction.id)
    }
    const { user } = await this.#pastPassword(transaction, SECOND_STEP_MS)
    return this.#deps.passkeys.authenticationOptions('second_factor', transaction.id, user)
  }

  /**
   * A sign-in by passkey alone (user verification required): the passkey names the account. Never a
   * way around SSO: a user whose domain requires it is refused as after a right password. `amr` is
   * hwk or swk, and mfa (the authenticator verified the person).
   */
  async signInWithPasskey(
    form: LoginFormInput,
    credential: unknown,
    context: RequestContext,
    browser: BrowserCredentials,
  ): Promise<LoginSuccess> {
    const attempt: Attempt = { step: 'passkey', orgId: null, canonical: null, user: undefined }
    return this.#audited(attempt, context, async () => {
      const { store } = this.#deps
      const transaction = await this.#checkForm(form)
      const { factor, method } = await this.#deps.passkeys.verifyAssertion(
        'sign_in',
        transaction.id,
        credential,
      )
      const user = await store.read.users.findById(factor.orgId, factor.userId)
      if (user === undefined) throw new AppError('login.passkey_failed')
      attempt.user = user
      attempt.orgId = user.orgId
      attempt.canonical = user.emailCanonical
      const email = canonicalizeEmail(user.email)
      const current = await this.#stillAllowed(user, email.domain)
      await store.read.loginTransactions.setEmail(transaction.id, user.email)
      return this.#signIn(transaction, current, undefined, context, browser, null, method)
    })
  }

  /**
   * The enrolment page right after the password, when the organization requires a second factor and the
   * user has none: an authenticator app to set up (replacing one set up earlier and never confirmed).
   * `factorId` shows that one again instead (after a wrong code).
   */
  async enrolmentStep(transaction: LoginTransaction, factorId?: unknown): Promise<EnrolmentStep> {
    const { user, email } = await this.#pastPassword(transaction, ENROLMENT_STEP_MS)
    const enrolment =
      factorId === undefined
        ? await this.#deps.factors.startTotp(user.orgId, user.id, undefined)
        : await this.#deps.factors.showTotp(user.orgId, user.id, factorId)
    return { transaction, email: email.email, enrolment }
  }

  /**
   * POST of the enrolment page: the code from the newly set-up app (counted like a password guess).
   * Right: the factor counts from now on, the user gets recovery codes (shown once, on the next page),
   * and the transaction records the proof; the sign-in completes at `finishEnrolment`.
   */
  async confirmEnrolment(
    form: LoginFormInput,
    input: { readonly factorId: unknown; readonly code: unknown },
    context: RequestContext,
  ): Promise<EnrolmentDone> {
    const attempt: Attempt = { step: 'enrolment', orgId: null, canonical: null, user: undefined }
    return this.#audited(attempt, context, async () => {
      const { store, clock, factors } = this.#deps
      const transaction = await this.#checkForm(form)
      const { user, email } = await this.#pastPassword(transaction, ENROLMENT_STEP_MS, attempt)
      const admitted = await admitAttempt(
        { rateLimits: store.read.rateLimits, clock },
        { canonical: email.canonical, source: sourceOf(context), knownDevice: false },
      )
      const actor = userActor(user.id, context)
      try {
        await factors.confirmTotp(user.orgId, user.id, input.factorId, input.code, actor)
      } catch (error) {
        if (error instanceof AppError && error.code === 'factor.invalid_code') {
          throw new AppError('login.invalid_code')
        }
        throw error
      }
      await refundAttempt(store.read.rateLimits, admitted)
      const recoveryCodes = await factors.regenerateRecoveryCodes(user.orgId, user.id, actor)
      if (!(await store.read.loginTransactions.markEnrolled(transaction.id, user.id, 'otp'))) {
        throw new AppError('login.second_factor_expired')
      }
      return { transaction, email: email.email, recoveryCodes }
    })
  }

  /** POST of the recovery-codes page after an enrolment: the sign-in completes (`amr` pwd, otp, mfa). */
  async finishEnrolment(
    form: LoginFormInput,
    context: RequestContext,
    browser: BrowserCredentials,
  ): Promise<LoginSuccess> {
    const attempt: Attempt = { step: 'enrolment', orgId: null, canonical: null, user: undefined }
    return this.#audited(attempt, context, async () => {
      const transaction = await this.#checkForm(form)
      const { user, email } = await this.#pastPassword(transaction, ENROLMENT_STEP_MS, attempt)
      const method = transaction.enrolledFactor
      if (method === null) throw new AppError('login.second_factor_expired')
      return this.#completeSecondStep(transaction, user, email, method, context, browser)
    })
  }

  /** The user whose password was right in this transaction, within `windowMs` of it. */
  async #pastPassword(
    transaction: LoginTransaction,
    windowMs: number,
    attempt?: Attempt,
  ): Promise<{ user: User; email: CanonicalEmail }> {
    const first = transaction.firstFactor
    if (
      first === null ||
      transaction.email === null ||
      this.#deps.clock.now() - first.at > windowMs
    ) {
      throw new AppError('login.second_factor_expired')
    }
    const email = canonicalizeEmail(transaction.email)
    if (attempt !== undefined) attempt.canonical = email.canonical
    const user = await this.#deps.store.read.users.findByCanonicalEmail(email.canonical)
    if (user === undefined || user.id !== first.userId) {
      throw new AppError('login.second_factor_expired')
    }
    if (attempt !== undefined) {
      attempt.user = user
      attempt.orgId = user.orgId
    }
    return { user, email }
  }

  async #methodsOf(user: User): Promise<SecondFactorMethods> {
    const factors = (await this.#deps.store.read.factors.listForUser(user.orgId, user.id)).filter(
      isUsableFactor,
    )
    return {
      totp: factors.some((f) => f.kind === 'totp'),
      passkey: factors.some((f) => f.kind === 'passkey'),
    }
  }

  /** The second step done: signed in if what held at the password step still holds. */
  async #completeSecondStep(
    transaction: LoginTransaction,
    user: User,
    email: CanonicalEmail,
    method: SecondFactorMethod,
    context: RequestContext,
    browser: BrowserCredentials,
  ): Promise<LoginSuccess> {
    const current = await this.#stillAllowed(user, email.domain)
    return this.#signIn(transaction, current, undefined, context, browser, method)
  }

  /** What held at the password step must still hold when the second step completes the sign-in. */
  async #stillAllowed(user: User, domainName: string): Promise<User> {
    const { store } = this.#deps
    const current = await store.read.users.findById(user.orgId, user.id)
    if (current?.status !== 'active') throw new AppError('login.account_deactivated')
    const domain = await store.read.domains.findVerifiedByName(domainName)
    if (decideLoginPolicy(current, domain).kind === 'sso_required') {
      throw new AppError('login.sso_required')
    }
    return current
  }

  async #signIn(
    transaction: LoginTransaction,
    user: User,
    password: string | undefined,
    context: RequestContext,
    browser: BrowserCredentials,
    secondFactor: SecondFactorMethod | null = null,
    passkey?: 'hwk' | 'swk',
  ): Promise<LoginSuccess> {
    const { store } = this.#deps
    // After a second step the password is no longer at hand: an outdated hash waits for a later sign-in.
    const rehash =
      password !== undefined && needsRehash(user.passwordHash ?? '')
        ? await hashPassword(password, sourceOf(context))
        : undefined
    const signedIn = await store.transaction((repos) =>
      completeSignIn(repos, this.#deps, {
        orgId: user.orgId,
        userId: user.id,
        emailCanonical: user.emailCanonical,
        method: passkey ?? 'pwd',
        secondFactor,
        ssoProfileId: null,
        transaction,
        previousSessionSecret: browser.sessionSecret,
        deviceSecret: browser.deviceSecret,
        context,
        rehash,
        details: { clientId: transaction.clientId },
      }),
    )
    return {
      location: signedIn.location,
      sessionSecret: signedIn.sessionSecret,
      deviceSecret: signedIn.deviceSecret,
    }
  }

  /** The profile that serves an SSO domain and can sign users in, or `login.sso_unavailable`. */
  async #usableProfile(domain: DomainLoginFacts | undefined): Promise<SSOProfile> {
    const profileId = domain?.ssoProfileId
    const profile =
      domain === undefined || !domain.ssoAvailable || profileId === null || profileId === undefined
        ? undefined
        : await this.#deps.store.read.ssoProfiles.findById(domain.orgId, profileId)
    if (profile === undefined || !isUsable(profile, this.#deps.clock.now())) {
      throw new AppError('login.sso_unavailable')
    }
    return profile
  }

  async #checkForm(form: LoginFormInput): Promise<LoginTransaction> {
    const transaction = await this.transactionFor(form.transactionId, form.bindingSecret)
    if (form.csrfToken === undefined || !constantEquals(form.csrfToken, transaction.csrfToken)) {
      throw new AppError('login.csrf_failed')
    }
    return transaction
  }

  /** Runs one step; a refusal is audited with its code and what the step knew, then rethrown. */
  async #audited<T>(attempt: Attempt, context: RequestContext, step: () => Promise<T>): Promise<T> {
    try {
      return await step()
    } catch (error) {
      if (error instanceof AppError) {
        await this.#deps.store.read.audit.insert(
          auditEvent(this.#deps.clock, {
            orgId: attempt.orgId,
            type: 'login.failed',
            outcome: 'failure',
            reasonCode: error.code,
            actor: anonymousActor(context),
            target: attempt.user === undefined ? null : { type: 'user', id: attempt.user.id },
            // The email tried, canonical: for unknown accounts it is the only lead an operator has.
            details: {
              email: attempt.canonical,
              method: attempt.step === 'sso' ? 'saml' : 'pwd',
              step: attempt.step,
            },
          }),
        )
      }
      throw error
    }
  }
}
