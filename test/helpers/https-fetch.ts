/**
 * A `fetch` for the scripted browser over node:https, for what the global fetch cannot do without
 * undici's dispatcher: trust a throwaway CA, and connect from a chosen local address (127.0.0.2, …) so
 * that a proxy sees several clients on one machine.
 */
import { request } from 'node:https'

export type Fetcher = (url: string, init: RequestInit) => Promise<Response>

export function httpsFetcher(options: {
  readonly ca: string
  readonly localAddress?: string
}): Fetcher {
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const outgoing = request(
        url,
        {
          method: init.method ?? 'GET',
          headers: init.headers as Record<string, string>,
          ca: options.ca,
          ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
        },
        (incoming) => {
          const chunks: Buffer[] = []
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
          incoming.on('end', () => {
            const headers = new Headers()
            for (const [name, value] of Object.entries(incoming.headers)) {
              for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
                headers.append(name, one)
              }
            }
            resolve(
              new Response(Buffer.concat(chunks), { status: incoming.statusCode ?? 0, headers }),
            )
          })
        },
      )
      outgoing.on('error', reject)
      if (typeof init.body === 'string') outgoing.write(init.body)
      outgoing.end()
    })
}
