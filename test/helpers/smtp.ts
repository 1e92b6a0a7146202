/** A real SMTP server on loopback (smtp-server) that keeps what it receives: the edge mail goes to. */
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  readonly to: string[]
  readonly body: string
}

export class TestSMTPServer {
  readonly received: ReceivedMail[] = []
  readonly #server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      let body = ''
      stream.on('data', (chunk: Buffer) => (body += chunk.toString()))
      stream.on('end', () => {
        this.received.push({ to: session.envelope.rcptTo.map((r) => r.address), body })
        callback()
      })
    },
  })

  /** Starts listening; returns the SMTP_URL to configure. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
    return `smtp://127.0.0.1:${(this.#server.server.address() as AddressInfo).port}`
  }

  stop(): Promise<void> {
    return new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }
}
