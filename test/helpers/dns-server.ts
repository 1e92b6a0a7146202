/**
 * A small authoritative DNS server on 127.0.0.1 for domain-verification tests (a test double at the
 * edge: the product's own resolver talks real DNS over UDP to it). TXT records only; names it does not
 * know answer NXDOMAIN, known names without TXT answer NOERROR with no records.
 */
import { createSocket, type Socket } from 'node:dgram'

export class TestDNSServer {
  readonly #records = new Map<string, string[]>()
  #socket: Socket | undefined
  port = 0

  /** Replaces the TXT records of `name` (an empty list: the name exists, without TXT). */
  setTXT(name: string, values: readonly string[]): void {
    this.#records.set(name.toLowerCase(), [...values])
  }

  delete(name: string): void {
    this.#records.delete(name.toLowerCase())
  }

  async start(): Promise<string> {
    const socket = createSocket('udp4')
    socket.on('message', (message, remote) => {
      const response = this.#answer(message)
      if (response) socket.send(response, remote.port, remote.address)
    })
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
    this.#socket = socket
    this.port = socket.address().port
    return `127.0.0.1:${this.port}`
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.#socket ? this.#socket.close(() => resolve()) : resolve(),
    )
  }

  #answer(query: Buffer): Buffer | undefined {
    if (query.length < 17) return undefined
    const labels: string[] = []
    let offset = 12
    while (offset < query.length && query[offset] !== 0) {
      const length = query[offset] ?? 0
      labels.push(query.subarray(offset + 1, offset + 1 + length).toString('latin1'))
      offset += length + 1
    }
    const questionEnd = offset + 5 // zero byte, QTYPE, QCLASS
    if (questionEnd > query.length) return undefined
    const type = query.readUInt16BE(offset + 1)
    const name = labels.join('.').toLowerCase()
    const values = this.#records.get(name)
    const answers = type === 16 && values ? values : []
    const header = Buffer.alloc(12)
    header.writeUInt16BE(query.readUInt16BE(0), 0)
    const recursionDesired = (query[2] ?? 0) & 0x01
    header[2] = 0x84 | recursionDesired // QR, AA
    header[3] = values === undefined ? 3 : 0 // NXDOMAIN or NOERROR
    header.writeUInt16BE(1, 4)
    header.writeUInt16BE(answers.length, 6)
    const records = answers.map((value) => {
      const chunks: Buffer[] = []
      for (let i = 0; i < value.length || i === 0; i += 255) {
        const part = Buffer.from(value.slice(i, i + 255), 'latin1')
        chunks.push(Buffer.from([part.length]), part)
      }
      const rdata = Buffer.concat(chunks)
      const fixed = Buffer.alloc(12)
      fixed.writeUInt16BE(0xc00c, 0) // pointer to the question name
      fixed.writeUInt16BE(16, 2) // TXT
      fixed.writeUInt16BE(1, 4) // IN
      fixed.writeUInt32BE(60, 6)
      fixed.writeUInt16BE(rdata.length, 10)
      return Buffer.concat([fixed, rdata])
    })
    return Buffer.concat([header, query.subarray(12, questionEnd), ...records])
  }
}
