/** A message to one user, queued in the caller's transaction (issue 25: recovery codes, resets). */
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'
import { mailLanguage } from '../../orgs/org-settings.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Locale } from '../../platform/locales.ts'
import type { MailSender } from '../../platform/mail.ts'
import { recipientLocale, type Rendered } from '../../mail/mail-texts.ts'
import { outboxMessage } from '../../mail/outbox.ts'
import type { OutboxRepository } from '../../mail/outbox-repository.ts'

/** Queues the message `write` makes in the user's language (issue 27), in the caller's transaction. */
export async function notifyUser(
  repos: { readonly outbox: OutboxRepository; readonly orgs: OrganizationRepository },
  context: { readonly clock: Clock; readonly mailer: MailSender },
  user: { readonly orgId: string; readonly email: string; readonly locale: Locale | null },
  write: (locale: Locale) => Rendered,
): Promise<boolean> {
  if (context.mailer.kind === 'none') return false
  const locale = recipientLocale(user, mailLanguage(await repos.orgs.findById(user.orgId)))
  return repos.outbox.enqueue(
    outboxMessage(context.clock, user.orgId, { ...write(locale), to: user.email }),
  )
}
