/**
 * A webhook receiver and back-channel logout endpoint as a console would run it, in its own process
 * (`node test/helpers/webhook-receiver.ts`): it verifies every webhook with the `standardwebhooks`
 * library and the secrets it was given, and keeps what it received for the test to read.
 *
 * Control (JSON): POST /control/secrets {path, secrets[]}; POST /control/mode {path, mode};
 * GET /control/received. Modes: `ok` (204), `fail` (500), `hang` (never answers), `hang-once` (never
 * answers the first request, 200 after), `huge` (200 with a 10 MB body), `redirect` (302), `slow`
 * (200 after 100 ms). Prints `listening <port>` when ready.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { Webhook } from 'standardwebhooks'

interface Received {
  readonly path: string
  readonly headers: Record<string, string>
  readonly body: string
  /** Which of the path's secrets verified the signature (-1: none, or no secrets set). */
  readonly verifiedBy: number
  readonly at: number
}

const secrets = new Map<string, string[]>()
const modes = new Map<string, string>()
const received: Received[] = []
const seen = new Map<string, number>()

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

function verifiedBy(path: string, body: string, headers: Record<string, string>): number {
  return (secrets.get(path) ?? []).findIndex((secret) => {
    try {
      new Webhook(secret).verify(body, headers)
      return true
    } catch {
      return false
    }
  })
}

const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
  const path = new URL(request.url ?? '/', 'http://x').pathname
  const body = await readBody(request)
  const json = (status: number, value: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' })
    response.end(JSON.stringify(value))
  }
  if (path === '/control/secrets') {
    const input = JSON.parse(body) as { path: string; secrets: string[] }
    secrets.set(input.path, input.secrets)
    return json(200, {})
  }
  if (path === '/control/mode') {
    const input = JSON.parse(body) as { path: string; mode: string }
    modes.set(input.path, input.mode)
    return json(200, {})
  }
  if (path === '/control/received') return json(200, received)
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
  )
  received.push({
    path,
    headers,
    body,
    verifiedBy: verifiedBy(path, body, headers),
    at: Date.now(),
  })
  const mode = modes.get(path) ?? 'ok'
  const count = (seen.get(path) ?? 0) + 1
  seen.set(path, count)
  switch (mode) {
    case 'fail':
      return json(500, { error: 'down' })
    case 'hang':
      return undefined
    case 'hang-once':
      if (count === 1) return undefined
      return json(200, {})
    case 'huge':
      response.writeHead(200, { 'content-type': 'text/plain' })
      return response.end(Buffer.alloc(10 * 1024 * 1024, 'x'))
    case 'redirect':
      response.writeHead(302, { location: 'http://127.0.0.1:9/elsewhere' })
      return response.end()
    case 'slow':
      return setTimeout(() => json(200, {}), 100)
    default:
      response.writeHead(204)
      return response.end()
  }
})

server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`)
})
