/** The invitation email (SPEC §3.10) in the person's language (issue 27); the link is its only secret. */
import { mailIn, recipientLocale } from '../../mail/mail-texts.ts'
import { mailLanguage } from '../../orgs/org-settings.ts'
import type { Locale } from '../../platform/locales.ts'
import type { MailMessage } from '../../platform/mail.ts'

export function invitationEmail(
  user: { readonly email: string; readonly locale: Locale | null },
  org: { readonly name: string; readonly settings: Readonly<Record<string, unknown>> } | undefined,
  url: string,
): MailMessage {
  const locale = recipientLocale(user, mailLanguage(org))
  const organization = org?.name ?? 'Portcullis'
  return { ...mailIn(locale, 'invitation', { organization, url }), to: user.email }
}
