/**
 * Invitations (SPEC §3.10): creating a user with an invitation link, sending a new link (the old ones
 * die), and accepting one — the user sets a password and the account becomes active.
 */
import { userEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { hashNewPassword } from '../../users/password.ts'
import { sourceOf, userActor, type RequestContext } from '../../audit/request-context.ts'
import { AppError } from '../../errors/app-error.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Store } from '../../platform/store.ts'
import type { InvitationRepository } from '../../users/invitation-repository.ts'
import { newId } from '../../platform/random.ts'
import type { MailSender } from '../../platform/mail.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'
import { domainOwner } from '../../domains/domain.ts'
import { assertAdmitted, INVITE_ADMISSION } from '../../users/admission.ts'
import type { DomainRepository } from '../../domains/domain-repository.ts'
import type { Actor } from '../../audit/audit-event.ts'
import type { MailMessage } from '../../platform/mail.ts'
import { canonicalizeEmail } from '../../users/email.ts'
import { invitationURL, issueInvitation, type EmailDelivery } from '../../users/invitation.ts'
import { newInvitedUser, readUserName, type Role, type User } from '../../users/user.ts'
import { consumeLink, linkHolder } from '../sign-in/emailed-link.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import type { OutboxRepository } from '../../mail/outbox-repository.ts'
import { renderedLater } from '../../mail/outbox.ts'
import { invitationEmail } from './invitation-mail.ts'

/** Users per transaction when many invitations are issued at once. */
const INVITATION_BATCH = 200

export interface IssuedLink {
  readonly email: string
  readonly inviteUrl: string
  readonly expiresAt: number
}

/** The actor of what the mail outbox does when it sends. */
const SYSTEM_OUTBOX: Actor = Object.freeze({ type: 'system', id: 'mail-outbox' })

export interface InvitationServiceDeps {
  readonly store: Store<{
    orgs: OrganizationRepository
    invitations: InvitationRepository
    users: UserRepository
    domains: DomainRepository
    audit: AuditRepository
    outbox: OutboxRepository
  }>
  readonly clock: Clock
  readonly publicUrl: string
  /** How long an organization's invitation links work (its settings, bounded by the deployment's). */
  readonly invitationLifetimeMs: (orgId: string) => Promise<number>
  readonly mailer: MailSender
}

export interface InviteUserInput {
  readonly email: string
  readonly role: Exclude<Role, 'owner'>
  readonly givenName?: string | null
  readonly familyName?: string | null
  readonly displayName?: string | null
}

/** An invitation serves anyone it was made for who is not deactivated (it activates them). */
const invitationServes = (user: User) => user.status !== 'deactivated'

export class InvitationService {
  readonly #deps: InvitationServiceDeps

  constructor(deps: InvitationServiceDeps) {
    this.#deps = deps
  }

  /** Creates an invited user and the invitation link, which is returned to the caller once. */
  async inviteUser(
    orgId: string,
    input: InviteUserInput,
    actor: Actor,
  ): Promise<{ user: User; inviteUrl: string; emailDelivery: EmailDelivery }> {
    const { store, clock, publicUrl, invitationLifetimeMs } = this.#deps
    const email = canonicalizeEmail(input.email)
    const user = newInvitedUser(newId(), clock.now(), {
      orgId,
      email: email.email,
      emailCanonical: email.canonical,
      role: input.role,
      givenName: readUserName('givenName', input.givenName ?? null),
      familyName: readUserName('familyName', input.familyName ?? null),
      displayName: readUserName('displayName', input.displayName ?? null),
    })
    const { invitation, token } = issueInvitation(
      clock,
      await invitationLifetimeMs(orgId),
      orgId,
      user.id,
    )
    await store.transaction(async ({ users, domains, invitations, audit }) => {
      // The holder is left to the unique index (user.email_taken, the same code).
      assertAdmitted(
        INVITE_ADMISSION,
        domainOwner(orgId, await domains.findVerifiedByName(email.domain)),
        'nobody',
        { domain: email.domain },
      )
      await users.insert(user)
      await invitations.insert(invitation)
      await audit.insert(
        userEvent(clock, {
          orgId,
          type: 'user.invited',
          actor,
          userId: user.id,
          details: { role: user.role, expiresAt: invitation.expiresAt },
        }),
      )
    })
    const inviteUrl = invitationURL(publicUrl, token)
    return { user, inviteUrl, emailDelivery: await this.mailInvitation(user, inviteUrl) }
  }

  /** Best effort after the commit: the link is returned to the caller either way. */
  async mailInvitation(user: User, url: string): Promise<EmailDelivery> {
    const { mailer, store } = this.#deps
    if (mailer.kind === 'none') return 'not_configured'
    const org = await store.read.orgs.findById(user.orgId)
    try {
      await mailer.send(invitationEmail(user, org, url))
      return 'sent'
    } catch {
      return 'failed'
    }
  }

  /**
   * A new invitation link for a user who has not accepted one yet; every earlier link dies in the same
   * transaction. Returned to the caller once, and emailed when mail is configured.
   */
  async reissueInvitation(
    orgId: string,
    userId: string,
    actor: Actor,
  ): Promise<{ user: User; inviteUrl: string; expiresAt: number; emailDelivery: EmailDelivery }> {
    const { store, invitationLifetimeMs } = this.#deps
    const ttl = await invitationLifetimeMs(orgId)
    const { user, link } = await store.transaction(async (repos) => {
      await repos.users.lockForChange(orgId, userId)
      const found = await repos.users.findById(orgId, userId)
      if (found === undefined) throw new AppError('user.not_found')
      if (found.status !== 'invited') throw new AppError('user.not_invited')
      return { user: found, link: await this.#replaceLink(repos, found, ttl, actor) }
    })
    return {
      user,
      inviteUrl: link.inviteUrl,
      expiresAt: link.expiresAt,
      emailDelivery: await this.mailInvitation(user, link.inviteUrl),
    }
  }

  /**
   * A new link for an invited user: earlier ones die; audited as a reissue. In the caller's transaction,
   * with the user's row locked (`lockForChange`): two reissues at once would otherwise each delete what
   * they saw and both insert, leaving two live links where one is promised.
   */
  async #replaceLink(
    repos: { invitations: InvitationRepository; audit: AuditRepository },
    user: User,
    ttl: number,
    actor: Actor,
  ): Promise<IssuedLink> {
    const { clock, publicUrl } = this.#deps
    const { invitation, token } = issueInvitation(clock, ttl, user.orgId, user.id)
    const revoked = await repos.invitations.revokePending(user.orgId, user.id)
    await repos.invitations.insert(invitation)
    await repos.audit.insert(
      userEvent(clock, {
        orgId: user.orgId,
        type: 'user.invitation_reissued',
        actor,
        userId: user.id,
        details: { expiresAt: invitation.expiresAt, revokedInvitations: revoked },
      }),
    )
    return {
      email: user.email,
      inviteUrl: invitationURL(publicUrl, token),
      expiresAt: invitation.expiresAt,
    }
  }

  /**
   * New invitation links for every one of `userIds` still invited (the others are skipped), each
   * replacing the user's earlier links, audited as a reissue — for the admin to send themselves when no
   * mail can go out (issue 27: an import without mail). Returned once, never stored.
   */
  async reissueMany(
    orgId: string,
    userIds: readonly string[],
    actor: Actor,
  ): Promise<IssuedLink[]> {
    const { store, invitationLifetimeMs } = this.#deps
    const ttl = await invitationLifetimeMs(orgId)
    const links: IssuedLink[] = []
    for (let i = 0; i < userIds.length; i += INVITATION_BATCH) {
      const batch = userIds.slice(i, i + INVITATION_BATCH)
      const issued = await store.transaction(async (repos) => {
        const out: IssuedLink[] = []
        for (const userId of batch) {
          await repos.users.lockForChange(orgId, userId)
          const user = await repos.users.findById(orgId, userId)
          if (user?.status === 'invited') out.push(await this.#replaceLink(repos, user, ttl, actor))
        }
        return out
      })
      links.push(...issued)
    }
    return links
  }

  /**
   * Queues an invitation mail for every one of `userIds` still invited (each made with a fresh link when
   * it is sent); how many were queued. Refused without mail (`user.mail_unavailable`).
   */
  async queueMany(orgId: string, userIds: readonly string[]): Promise<number> {
    const { store, clock, mailer } = this.#deps
    if (mailer.kind === 'none') throw new AppError('user.mail_unavailable')
    let queued = 0
    for (let i = 0; i < userIds.length; i += INVITATION_BATCH) {
      const batch = userIds.slice(i, i + INVITATION_BATCH)
      queued += await store.transaction(async ({ users, outbox }) => {
        const invited: User[] = []
        for (const userId of batch) {
          const user = await users.findById(orgId, userId)
          if (user?.status === 'invited') invited.push(user)
        }
        await outbox.enqueueMany(
          invited.map((u) => renderedLater(clock, orgId, 'invitation', u.id, u.email)),
        )
        return invited.length
      })
    }
    return queued
  }

  /**
   * Renders a queued invitation (mail outbox kind `invitation`, `refId` = user id) when it is sent: a new
   * link is made now, earlier ones die, so no link is ever at rest in the outbox. Null when the user is
   * no longer invited (activated, deactivated or deleted meanwhile).
   */
  async renderQueuedInvitation(orgId: string, userId: string): Promise<MailMessage | null> {
    const { store, clock, publicUrl, invitationLifetimeMs } = this.#deps
    const issued = issueInvitation(clock, await invitationLifetimeMs(orgId), orgId, userId)
    const found = await store.transaction(async ({ users, invitations, orgs, audit }) => {
      const user = await users.findById(orgId, userId)
      if (user?.status !== 'invited') return undefined
      await invitations.revokePending(orgId, userId)
      await invitations.insert(issued.invitation)
      await audit.insert(
        userEvent(clock, {
          orgId,
          type: 'user.invitation_sent',
          actor: SYSTEM_OUTBOX,
          userId,
          details: { expiresAt: issued.invitation.expiresAt },
        }),
      )
      return { user, org: await orgs.findById(orgId) }
    })
    if (found === undefined) return null
    const url = invitationURL(publicUrl, issued.token)
    return invitationEmail(found.user, found.org, url)
  }

  /** Pending invitations of `orgId` (not accepted; `expired` says whether the link still works). */
  async listPending(orgId: string, limit: number, after?: { createdAt: number; id: string }) {
    const now = this.#deps.clock.now()
    const rows = await this.#deps.store.read.invitations.listPending(orgId, limit, after)
    return rows.map((r) => ({ ...r, expired: r.expiresAt <= now }))
  }

  /** The user a usable invitation link is for; throws `invite.invalid` otherwise. */
  async inviteeFor(token: string | undefined): Promise<User> {
    const { store, clock } = this.#deps
    const { invitations: links, users } = store.read
    const user = await linkHolder({ links, users }, token, clock.now(), invitationServes)
    if (user === undefined) throw new AppError('invite.invalid')
    return user
  }

  /** Sets the password and activates the account; the invitation is consumed atomically. */
  async accept(
    token: string | undefined,
    password: unknown,
    confirmation: unknown,
    context: RequestContext,
  ): Promise<User> {
    const { store, clock } = this.#deps
    const invitee = await this.inviteeFor(token)
    const passwordHash = await hashNewPassword(
      password,
      confirmation,
      invitee.email,
      sourceOf(context),
    )
    const now = clock.now()
    await store.transaction(async ({ invitations, users, audit }) => {
      const links = { links: invitations, users }
      const user = await consumeLink(links, token, now, invitee, invitationServes)
      if (user === undefined) throw new AppError('invite.invalid')
      await users.setPassword(user.orgId, user.id, passwordHash, now)
      await audit.insert(
        userEvent(clock, {
          orgId: user.orgId,
          type: 'user.activated',
          actor: userActor(user.id, context),
          userId: user.id,
          details: { via: 'invitation' },
        }),
      )
    })
    return invitee
  }
}
