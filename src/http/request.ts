/** Reading what every route needs from a request: parameters, cookies and who is asking. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { RequestContext } from '../audit/request-context.ts'
import { clientSource } from '../platform/client-source.ts'
import { Params } from '../platform/params.ts'
import { contentSecurityPolicy } from './html/layout.ts'
import { negotiateLocale, type Locale } from './i18n/messages.ts'

/**
 * Form bodies: login forms are tiny, but the IdP's POST to the ACS carries a SAML response; the ACS
 * refuses oversized responses itself with `saml.too_large`.
 */
export const FORM_BODY_LIMIT = 512 * 1024

/** Parses urlencoded bodies into `Params`, which keep repeated names so they can be refused. */
export function registerFormParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
    (_request, body, done) => {
      done(null, Params.fromSearchParams(new URLSearchParams(body as string)))
    },
  )
}

/** XML bodies (IdP metadata uploads), as text, size-limited; only where a route registers it. */
export function registerXMLParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    ['application/samlmetadata+xml', 'application/xml', 'text/xml'],
    { parseAs: 'string', bodyLimit: 256 * 1024 },
    (_request, body, done) => done(null, body),
  )
}

export function queryParams(request: FastifyRequest): Params {
  const url = request.raw.url ?? ''
  const q = url.indexOf('?')
  return Params.fromSearchParams(new URLSearchParams(q < 0 ? '' : url.slice(q + 1)))
}

export function bodyParams(request: FastifyRequest): Params {
  return request.body instanceof Params ? request.body : Params.empty()
}

declare module 'fastify' {
  interface FastifyInstance {
    /** IPv6 clients are throttled by their network of this many bits (RATE_LIMIT_IPV6_PREFIX). */
    readonly ipv6Prefix: number
  }
}

export function requestContext(request: FastifyRequest): RequestContext {
  const agent = request.headers['user-agent']
  const languages = request.headers['accept-language']
  let locale: Locale | undefined
  return {
    ip: request.ip,
    source: clientSource(request.ip, request.server.ipv6Prefix),
    userAgent: typeof agent === 'string' ? agent.slice(0, 512) : null,
    // Negotiated only when read (a sign-in records it), not on every request of every route.
    get locale() {
      if (locale === undefined && typeof languages === 'string')
        locale = negotiateLocale(undefined, languages)
      return locale
    },
  }
}

/**
 * Sends a server-rendered page with its CSP; `formTargets` are origins a form may end up at; `passkeys`
 * allows the one same-origin script (pages that offer passkeys).
 */
export function sendPage(
  reply: FastifyReply,
  status: number,
  body: string,
  formTargets: readonly string[] = [],
  passkeys = false,
): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', contentSecurityPolicy(formTargets, passkeys))
    .send(body)
}
