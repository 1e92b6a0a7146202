/**
 * Outbound HTTP, defensively (STYLE rule 25; SSRF): IdP metadata (GET, an XML media type) and webhook
 * and back-channel logout deliveries (POST). A deadline for the whole exchange, a size cap, no
 * redirects, and — unless allowed — no private, loopback, link-local or otherwise internal addresses,
 * checked on the address actually connected to (so DNS rebinding cannot slip past a name check).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import ipaddr from 'ipaddr.js'

export interface FetchLimits {
  /** Deadline for the whole exchange — connection, headers and the last byte of the body. */
  readonly timeoutMs: number
  readonly maxBytes: number
  readonly allowPrivate: boolean
  /** Aborts the fetch early (a job out of budget, a shutdown). */
  readonly signal?: AbortSignal
}

/** The deadline of a metadata fetch, whatever the server does (a byte every few seconds included). */
export const METADATA_FETCH_DEADLINE_MS = 5000

export type FetchFailure =
  | 'forbidden_address'
  | 'bad_url'
  | 'timeout'
  | 'too_large'
  | 'redirect'
  | 'http_status'
  | 'content_type'
  | 'network'

export class FetchError extends Error {
  override readonly name = 'FetchError'
  readonly reason: FetchFailure
  constructor(reason: FetchFailure, message: string) {
    super(message)
    this.reason = reason
  }
}

/** Media types SAML metadata is served as (SAML Metadata §4.1.1, and the generic XML ones). */
const METADATA_TYPES = /^(application\/samlmetadata\+xml|application\/xml|text\/xml)\s*(;|$)/i

/**
 * True for every address that is not plain public unicast — private, loopback, link-local, shared,
 * reserved, documentation, multicast … — judging an IPv6 address that carries an IPv4 address by that
 * IPv4 address: IPv4-mapped and IPv4-compatible, SIIT (RFC 6145), NAT64 (RFC 6052) and 6to4 (RFC 3056).
 * Teredo and local-use NAT64 count as internal. Parsing and the special-range table are ipaddr.js's.
 */
export function isInternalAddress(address: string): boolean {
  if (isIP(address) === 0) return true
  const parsed = ipaddr.parse(address)
  if (parsed.kind() === 'ipv4') return parsed.range() !== 'unicast'
  const v6 = parsed as ipaddr.IPv6
  const embedded = embeddedIPv4(v6)
  if (embedded !== undefined) return embedded.range() !== 'unicast'
  return v6.range() !== 'unicast'
}

function embeddedIPv4(v6: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const bytes = v6.toByteArray()
  const at = (offset: number) => new ipaddr.IPv4(bytes.slice(offset, offset + 4))
  const range = v6.range()
  if (range === 'ipv4Mapped' || range === 'rfc6145') return at(12)
  if (range === '6to4') return at(2)
  // 64:ff9b::/96 embeds the address in its last 32 bits; 64:ff9b:1::/48 is local use (internal).
  if (range === 'rfc6052') return v6.match(ipaddr.IPv6.parse('64:ff9b::'), 96) ? at(12) : LOCAL
  // IPv4-compatible ::a.b.c.d (deprecated, RFC 4291 §2.5.5.1); :: and ::1 are ranges of their own.
  if (bytes.slice(0, 12).every((b) => b === 0) && range !== 'unspecified' && range !== 'loopback') {
    return at(12)
  }
  return undefined
}

const LOCAL = ipaddr.IPv4.parse('127.0.0.1')

/** GETs `url` as text within `limits`; throws FetchError. */
export function fetchText(url: string, limits: FetchLimits): Promise<string> {
  return guardedRequest(
    url,
    {
      method: 'GET',
      headers: { accept: 'application/samlmetadata+xml, application/xml;q=0.9' },
    },
    limits,
    (response, settle) => {
      const status = response.statusCode ?? 0
      if (status >= 300 && status < 400) {
        return settle(
          new FetchError('redirect', `redirected (${status}); redirects are not followed`),
        )
      }
      if (status !== 200) return settle(new FetchError('http_status', `HTTP ${status}`))
      const type = response.headers['content-type'] ?? ''
      if (!METADATA_TYPES.test(type)) {
        return settle(new FetchError('content_type', `served as "${type.slice(0, 100)}"`))
      }
      readCapped(response, limits.maxBytes, settle, true)
    },
  )
}

/**
 * POSTs `body` to `url` within `limits` (webhooks, back-channel logout): answers the status whatever it
 * is — a redirect is not followed, it is the answer — reading at most `limits.maxBytes` of the answer's
 * body and dropping the rest. Throws FetchError when there is no answer (address, deadline, network).
 */
export function postGuarded(
  url: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  limits: FetchLimits,
): Promise<number> {
  return guardedRequest(
    url,
    {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      body,
    },
    limits,
    (response, settle) => {
      const status = response.statusCode ?? 0
      readCapped(response, limits.maxBytes, (error) => settle(error, status), false)
    },
  )
}

type Settle<T> = (error: FetchError | undefined, value?: T) => void

/** Reads the body up to `maxBytes`: then fails (`tooLargeFails`) or stops reading and settles. */
function readCapped(
  response: IncomingMessage,
  maxBytes: number,
  settle: Settle<string>,
  tooLargeFails: boolean,
): void {
  const chunks: Buffer[] = []
  let size = 0
  response.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (size <= maxBytes) chunks.push(chunk)
    else if (tooLargeFails) settle(new FetchError('too_large', `larger than ${maxBytes} bytes`))
    else settle(undefined, Buffer.concat(chunks).toString('utf8'))
  })
  response.on('end', () => settle(undefined, Buffer.concat(chunks).toString('utf8')))
  response.on('error', (error) => settle(new FetchError('network', error.message)))
}

/**
 * One request under the guard: https only (http too when private addresses are allowed), no
 * credentials in the URL, the address connected to checked, one deadline for the whole exchange, an
 * abort signal; `handle` reads the response and settles.
 */
function guardedRequest<T>(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  limits: FetchLimits,
  handle: (response: IncomingMessage, settle: Settle<T>) => void,
): Promise<T> {
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
    let settled = false
    const settle: Settle<T> = (error, value) => {
      if (settled) return
      settled = true
      clearTimeout(deadline)
      limits.signal?.removeEventListener('abort', onAbort)
      // Whatever is left of the answer is not read: the socket goes.
      request.destroy()
      if (error === undefined) resolve(value as T)
      else reject(error)
    }
    // A total deadline, not an idle timeout: a server trickling one byte at a time is cut off too.
    const deadline = setTimeout(
      () => settle(new FetchError('timeout', `no complete answer in ${limits.timeoutMs} ms`)),
      limits.timeoutMs,
    )
    const onAbort = () =>
      settle(new FetchError('timeout', 'stopped before the answer was complete'))
    const request = send(
      target,
      { method: init.method, lookup: guardedLookup, headers: init.headers },
      (response) => handle(response, settle),
    )
    if (limits.signal?.aborted) onAbort()
    else limits.signal?.addEventListener('abort', onAbort, { once: true })
    request.on('error', (error) =>
      settle(
        error instanceof FetchError ? error : new FetchError('network', (error as Error).message),
      ),
    )
    request.end(init.body)
  })
}
