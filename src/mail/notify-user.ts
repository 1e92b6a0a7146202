/** A message to one user, queued in the caller's transaction (issue 25: recovery codes, resets). */
import type { Clock } from '../platform/clock.ts'
import type { MailMessage, MailSender } from '../platform/mail.ts'
import { outboxMessage } from './outbox.ts'
import type { OutboxRepository } from './outbox-repository.ts'

/** Queues `message` to one user (an active account's own address), in the caller's transaction. */
export async function notifyUser(
  repos: { readonly outbox: OutboxRepository },
  context: { readonly clock: Clock; readonly mailer: MailSender },
  user: { readonly orgId: string; readonly email: string },
  message: Omit<MailMessage, 'to'>,
): Promise<boolean> {
  if (context.mailer.kind === 'none') return false
  return repos.outbox.enqueue(
    outboxMessage(context.clock, user.orgId, { ...message, to: user.email }),
  )
}
