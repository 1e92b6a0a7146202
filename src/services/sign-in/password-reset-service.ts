/**
 * Forgotten passwords (issue 10). Asking for a link answers the same whatever the email — unknown, SSO-only,
 * invited or deactivated — and does the same work: it counts the request (per email and per client
 * address, like logins) and queues a mail in the outbox. What the mail says is decided when it is sent:
 * a single-use link valid for an hour (only its hash is stored), a note that the organization signs in
 * with SSO, a note that the account is not activated yet — or nothing at all. Using the link sets the
 * password and ends every session, code and token the user holds.
 */
import type { EventRepository } from '../../events/event-repository.ts'
import type { KnownDeviceRepository } from '../../sessions/known-device-repository.ts'
import { userEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import type { DomainRepository } from '../../domains/domain-repository.ts'
import { AppError } from '../../errors/app-error.ts'
import { renderedLater } from '../../mail/outbox.ts'
import type { OutboxRepository } from '../../mail/outbox-repository.ts'
import type { AccessTokenRepository } from '../../oidc/access-token-repository.ts'
import type { AuthCodeRepository } from '../../oidc/auth-code-repository.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'
import type { Clock } from '../../platform/clock.ts'
import { hashSecret } from '../../platform/crypto.ts'
import type { MailMessage, MailSender } from '../../platform/mail.ts'
import { newId, newSecret } from '../../platform/random.ts'
import type { Store } from '../../platform/store.ts'
import { canonicalizeEmail } from '../../users/email.ts'
import type { InvitationRepository } from '../../users/invitation-repository.ts'
import { revokeAccess } from './revoke-access.ts'
import { consumeLink, linkHolder } from './emailed-link.ts'
import type { User } from '../../users/user.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import { decideLoginPolicy } from '../../domains/login-policy.ts'
import { hashNewPassword } from '../../users/password.ts'
import { RATE_LIMITS, rateLimitKey, retryAfterSeconds } from '../../throttling/rate-limit.ts'
import type { RateLimitRepository } from '../../throttling/rate-limit-repository.ts'
import { sourceOf, userActor, type RequestContext } from '../../audit/request-context.ts'
import type { SessionRepository } from '../../sessions/session-repository.ts'
import { mailIn, recipientLocale } from '../../mail/mail-texts.ts'
import { mailLanguage } from '../../orgs/org-settings.ts'

export interface PasswordResetRepos {
  readonly events: EventRepository
  readonly users: UserRepository
  readonly domains: DomainRepository
  readonly orgs: OrganizationRepository
  readonly passwordResets: InvitationRepository
  readonly knownDevices: KnownDeviceRepository
  readonly invitations: InvitationRepository
  readonly sessions: SessionRepository
  readonly authCodes: AuthCodeRepository
  readonly accessTokens: AccessTokenRepository
  readonly rateLimits: RateLimitRepository
  readonly outbox: OutboxRepository
  readonly audit: AuditRepository
}

export interface PasswordResetDeps {
  readonly store: Store<PasswordResetRepos>
  readonly clock: Clock
  readonly mailer: MailSender
  readonly publicUrl: string
}

export const RESET_TTL_MS = 60 * 60_000
const SYSTEM_OUTBOX = Object.freeze({ type: 'system', id: 'mail-outbox' } as const)

/** A reset link serves active users only (an invited user activates through their invitation). */
const resetServes = (user: User) => user.status === 'active'

export class PasswordResetService {
  readonly #deps: PasswordResetDeps

  constructor(deps: PasswordResetDeps) {
    this.#deps = deps
  }

  /** Whether reset links can be sent at all (mail configured): the pages offer them only then. */
  get available(): boolean {
    return this.#deps.mailer.kind !== 'none'
  }

  /**
   * Counts the request and queues the mail; throws only for an invalid address or a throttled client,
   * never in a way that depends on whether an account exists.
   */
  async request(rawEmail: unknown, context: RequestContext): Promise<void> {
    const { store, clock } = this.#deps
    const email = canonicalizeEmail(rawEmail)
    const now = clock.now()
    for (const [kind, subject] of [
      ['resetAddress', sourceOf(context)],
      ['resetAccount', email.canonical],
    ] as const) {
      const rule = RATE_LIMITS[kind]
      const admission = await store.read.rateLimits.admitLocked(
        rateLimitKey(kind, subject),
        rule,
        now,
      )
      if (admission.admittedAt === null) {
        throw new AppError('login.rate_limited', {
          details: { retryAfterSeconds: retryAfterSeconds(admission, rule, now) },
        })
      }
    }
    if (!this.available) return
    await store.read.outbox.enqueue(
      renderedLater(clock, null, 'password_reset', email.canonical, email.email),
    )
  }

  /**
   * The mail for a queued request (outbox kind `password_reset`, `refId` = canonical email), decided now;
   * null when nothing should be sent (no such account, or it is deactivated). `forced`: an admin's reset
   * (`password_reset_forced`) — the mail says the old password no longer works, not "ignore this".
   */
  async renderQueuedReset(
    emailCanonical: string,
    options: { readonly forced?: boolean } = {},
  ): Promise<MailMessage | null> {
    const { store, clock, publicUrl } = this.#deps
    return store.transaction(async (repos) => {
      const user = await repos.users.findByCanonicalEmail(emailCanonical)
      if (user === undefined || user.status === 'deactivated') return null
      const org = await repos.orgs.findById(user.orgId)
      const locale = recipientLocale(user, mailLanguage(org))
      const mail = { email: user.email, organization: org?.name ?? 'Portcullis' }
      const to = (message: Omit<MailMessage, 'to'>): MailMessage => ({ ...message, to: user.email })
      if (user.status === 'invited') return to(mailIn(locale, 'resetNotActivated', mail))
      const domain = await repos.domains.findVerifiedByName(emailCanonical.split('@')[1] ?? '')
      if (decideLoginPolicy(user, domain).kind === 'sso_required')
        return to(mailIn(locale, 'resetSso', mail))
      const token = newSecret('rst_')
      const now = clock.now()
      await repos.passwordResets.revokePending(user.orgId, user.id)
      await repos.passwordResets.insert({
        id: newId(),
        orgId: user.orgId,
        userId: user.id,
        tokenHash: hashSecret(token),
        createdAt: now,
        expiresAt: now + RESET_TTL_MS,
        consumedAt: null,
      })
      await repos.audit.insert(
        userEvent(clock, {
          orgId: user.orgId,
          type: 'user.password_reset_sent',
          actor: SYSTEM_OUTBOX,
          userId: user.id,
          details: { expiresAt: now + RESET_TTL_MS },
        }),
      )
      const url = `${publicUrl}/reset/${encodeURIComponent(token)}`
      return to(mailIn(locale, options.forced === true ? 'resetForced' : 'reset', { ...mail, url }))
    })
  }

  /** The user a usable reset link is for; `reset.invalid` otherwise. */
  async userFor(token: string | undefined): Promise<User> {
    const { store, clock } = this.#deps
    const { passwordResets: links, users } = store.read
    const user = await linkHolder({ links, users }, token, clock.now(), resetServes)
    if (user === undefined) throw new AppError('reset.invalid')
    return user
  }

  /** Sets the new password (the link is consumed atomically) and ends everything the user holds. */
  async reset(
    token: string | undefined,
    password: unknown,
    confirmation: unknown,
    context: RequestContext,
  ): Promise<User> {
    const { store, clock } = this.#deps
    const user = await this.userFor(token)
    const passwordHash = await hashNewPassword(
      password,
      confirmation,
      user.email,
      sourceOf(context),
    )
    const now = clock.now()
    await store.transaction(async (repos) => {
      const links = { links: repos.passwordResets, users: repos.users }
      const current = await consumeLink(links, token, now, user, resetServes)
      if (current === undefined) throw new AppError('reset.invalid')
      const domain = await repos.domains.findVerifiedByName(
        current.emailCanonical.split('@')[1] ?? '',
      )
      // SSO became required since the link was sent: a password would never be asked for.
      if (decideLoginPolicy(current, domain).kind === 'sso_required') {
        throw new AppError('login.sso_required')
      }
      await repos.users.setPassword(current.orgId, current.id, passwordHash, now)
      const ended = await revokeAccess(repos, current.orgId, current.id, now, {
        reason: 'password_reset',
        actor: userActor(current.id, context),
      })
      await repos.audit.insert(
        userEvent(clock, {
          orgId: current.orgId,
          type: 'user.password_reset',
          actor: userActor(current.id, context),
          userId: current.id,
          details: { endedSessions: ended.sessions },
        }),
      )
    })
    return user
  }
}
