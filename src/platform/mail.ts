/**
 * Outgoing mail, pluggable (issue: invitations): SMTP through nodemailer when SMTP_URL is set; in
 * development without it, messages are written to the log so a developer can follow invitation links;
 * otherwise nothing is sent and the Admin API caller delivers the link returned to it.
 */
import nodemailer from 'nodemailer'
import type { Logger } from './log.ts'

export interface MailMessage {
  readonly to: string
  readonly subject: string
  readonly text: string
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
    const transport = nodemailer.createTransport(config.smtpUrl)
    return {
      kind: 'smtp',
      send: async (message) => {
        await transport.sendMail({ from: config.from, ...message })
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
