/**
 * Outbound HTTP for IdP metadata, defensively (STYLE rule 25; SSRF): GET only, a timeout, a size cap, no
 * redirects, and — unless allowed — no private, loopback, link-local or otherwise internal addresses,
 * checked on the address actually connected to (so DNS rebinding cannot slip past a name check).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { BlockList, isIP, type LookupFunction } from 'node:net'

export interface FetchLimits {
  readonly timeoutMs: number
  readonly maxBytes: number
  readonly allowPrivate: boolean
}

export type FetchFailure =
  'forbidden_address' | 'bad_url' | 'timeout' | 'too_large' | 'redirect' | 'http_status' | 'network'

export class FetchError extends Error {
  override readonly name = 'FetchError'
  readonly reason: FetchFailure
  constructor(reason: FetchFailure, message: string) {
    super(message)
    this.reason = reason
  }
}

const INTERNAL = new BlockList()
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  INTERNAL.addSubnet(net, bits, 'ipv4')
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  INTERNAL.addSubnet(net, bits, 'ipv6')
}

export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return INTERNAL.check(mapped[1] ?? '', 'ipv4')
  const family = isIP(address)
  return family === 0 || INTERNAL.check(address, family === 6 ? 'ipv6' : 'ipv4')
}

/** GETs `url` as text within `limits`; throws FetchError. */
export function fetchText(url: string, limits: FetchLimits): Promise<string> {
  let target: URL
  try {
    target = new URL(url)
  } catch {
    return Promise.reject(new FetchError('bad_url', 'not a URL'))
  }
  if (target.protocol !== 'https:' && !(limits.allowPrivate && target.protocol === 'http:')) {
    return Promise.reject(new FetchError('bad_url', 'only https URLs'))
  }
  if (target.username || target.password)
    return Promise.reject(new FetchError('bad_url', 'credentials in URL'))
  const literal = target.hostname.replace(/^\[|\]$/g, '')
  if (isIP(literal) !== 0 && !limits.allowPrivate && isInternalAddress(literal)) {
    return Promise.reject(new FetchError('forbidden_address', `${literal} is internal`))
  }
  const guardedLookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4)
      const list = addresses as unknown as LookupAddress[]
      const allowed = limits.allowPrivate ? list : list.filter((a) => !isInternalAddress(a.address))
      const first = allowed[0]
      if (first === undefined) {
        return callback(
          new FetchError('forbidden_address', `${hostname} resolves to internal addresses`),
          '',
          4,
        )
      }
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed)
      callback(null, first.address, first.family)
    })
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      {
        method: 'GET',
        lookup: guardedLookup,
        timeout: limits.timeoutMs,
        headers: { accept: 'application/samlmetadata+xml, application/xml;q=0.9' },
      },
      (response) => {
        const status = response.statusCode ?? 0
        if (status >= 300 && status < 400) {
          response.destroy()
          return reject(
            new FetchError('redirect', `redirected (${status}); redirects are not followed`),
          )
        }
        if (status !== 200) {
          response.destroy()
          return reject(new FetchError('http_status', `HTTP ${status}`))
        }
        const chunks: Buffer[] = []
        let size = 0
        response.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > limits.maxBytes) {
            response.destroy()
            reject(new FetchError('too_large', `larger than ${limits.maxBytes} bytes`))
          } else chunks.push(chunk)
        })
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
        response.on('error', (error) => reject(new FetchError('network', error.message)))
      },
    )
    request.on('timeout', () =>
      request.destroy(new FetchError('timeout', `no answer in ${limits.timeoutMs} ms`)),
    )
    request.on('error', (error) =>
      reject(
        error instanceof FetchError ? error : new FetchError('network', (error as Error).message),
      ),
    )
    request.end()
  })
}
