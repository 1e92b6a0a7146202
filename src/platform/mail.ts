/**
 * Outgoing mail, pluggable (issue: invitations): SMTP through nodemailer when SMTP_URL is set; in
 * development without it, messages are written to the log so a developer can follow invitation links;
 * otherwise nothing is sent and the Admin API caller delivers the link returned to it.
 */
import type { Transporter } from 'nodemailer'
import type { Logger } from './log.ts'

export interface MailMessage {
  readonly to: string
  readonly subject: string
  readonly text: string
  /** The same message as HTML (sent as multipart/alternative beside the text); absent: text only. */
  readonly html?: string
}

export interface MailSender {
  readonly kind: 'smtp' | 'log' | 'none'
  send(message: MailMessage): Promise<void>
}

export interface MailConfig {
  readonly smtpUrl: string | undefined
  readonly from: string
  readonly logInDevelopment: boolean
}

export function createMailSender(config: MailConfig, logger: Logger): MailSender {
  if (config.smtpUrl !== undefined) {
    const smtpUrl = config.smtpUrl
    // nodemailer (~20 MiB once loaded) is loaded at the first message, not at start.
    let transport: Promise<Transporter> | undefined
    return {
      kind: 'smtp',
      send: async (message) => {
        transport ??= import('nodemailer').then((mailer) => mailer.default.createTransport(smtpUrl))
        await (await transport).sendMail({ from: config.from, ...message })
      },
    }
  }
  if (config.logInDevelopment) {
    return {
      kind: 'log',
      send: async (message) => {
        // Development only: the body carries the invitation link on purpose.
        logger.info(
          { mail: { to: message.to, subject: message.subject, body: message.text } },
          'mail (log sender)',
        )
      },
    }
  }
  return { kind: 'none', send: async () => {} }
}
