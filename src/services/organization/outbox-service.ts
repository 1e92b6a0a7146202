/**
 * Notifying an organization's administrators through the outbox, and draining it (a periodic job). A
 * message is queued in the caller's transaction; the drain sends what is due and retries failures with
 * backoff. With no mail configured (SMTP_URL unset) nothing is queued: the Admin API and the audit log
 * carry the same facts.
 */
import type { Clock } from '../../platform/clock.ts'
import type { MailMessage, MailSender } from '../../platform/mail.ts'
import type { Store } from '../../platform/store.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'
import type { Locale } from '../../platform/locales.ts'
import { recipientLocale, type Rendered } from '../../mail/mail-texts.ts'
import {
  MAX_SEND_ATTEMPTS,
  outboxMessage,
  retryDelayMs,
  type OutboxKind,
  type OutboxMessage,
} from '../../mail/outbox.ts'
import type { OutboxRepository } from '../../mail/outbox-repository.ts'
import { mailLanguage } from '../../orgs/org-settings.ts'

/** Renders a message of a kind that carries a secret; null when there is nothing to send any more. */
export type OutboxRenderer = (message: OutboxMessage) => Promise<MailMessage | null>

export interface OutboxServiceDeps {
  readonly store: Store<{ outbox: OutboxRepository }>
  readonly clock: Clock
  readonly mailer: MailSender
  readonly renderers?: Partial<Record<Exclude<OutboxKind, 'text'>, OutboxRenderer>>
}

/** Queues `message` for each active owner and admin of `orgId`, in the caller's transaction. */
export async function notifyAdmins(
  repos: {
    readonly users: UserRepository
    readonly outbox: OutboxRepository
    readonly orgs: OrganizationRepository
  },
  context: { readonly clock: Clock; readonly mailer: MailSender },
  orgId: string,
  /** The message in a language: each admin gets it in theirs (issue 27). */
  write: (locale: Locale) => Rendered,
  /** Deduplicates per recipient: `${dedupeKey}:${userId}`. */
  dedupeKey?: string,
): Promise<number> {
  if (context.mailer.kind === 'none') return 0
  let queued = 0
  const org = await repos.orgs.findById(orgId)
  for (const admin of await repos.users.listPrivileged(orgId)) {
    if (admin.status !== 'active') continue
    const key = dedupeKey === undefined ? null : `${dedupeKey}:${admin.id}`
    const message = write(recipientLocale(admin, mailLanguage(org)))
    const mail = outboxMessage(context.clock, orgId, { ...message, to: admin.email }, key)
    if (await repos.outbox.enqueue(mail)) queued++
  }
  return queued
}

export class OutboxService {
  readonly #deps: OutboxServiceDeps

  constructor(deps: OutboxServiceDeps) {
    this.#deps = deps
  }

  /** Sends what is due; stops between messages when `signal` aborts. */
  async drain(signal?: AbortSignal): Promise<{ sent: number; failed: number }> {
    const { store, clock, mailer } = this.#deps
    let sent = 0
    let failed = 0
    const due = await store.read.outbox.listDue(clock.now(), 100, MAX_SEND_ATTEMPTS)
    for (const message of due) {
      if (signal?.aborted) break
      try {
        const mail = await this.#render(message)
        if (mail === null) {
          await store.read.outbox.markSkipped(message.id, clock.now(), 'nothing to send any more')
          continue
        }
        await mailer.send(mail)
        await store.read.outbox.markSent(message.id, clock.now())
        sent++
      } catch (error) {
        const retryAt = clock.now() + retryDelayMs(message.attempts)
        await store.read.outbox.markFailed(message.id, (error as Error).message, retryAt)
        failed++
      }
    }
    return { sent, failed }
  }

  async #render(message: OutboxMessage): Promise<MailMessage | null> {
    if (message.kind === 'text') {
      return {
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html !== undefined && { html: message.html }),
      }
    }
    const render = this.#deps.renderers?.[message.kind]
    if (render === undefined) throw new Error(`no renderer for ${message.kind} messages`)
    return render(message)
  }
}
