/** Who is asking, as far as the HTTP edge can tell: for audit events and per-address throttling. */
import type { Actor } from './audit-event.ts'
import type { Locale } from '../platform/locales.ts'

export interface RequestContext {
  readonly ip: string
  /**
   * Who the request comes from for throttling and fair shares: the address, or an IPv6 address's
   * network (`platform/client-source.ts`); the address itself when not given.
   */
  readonly source?: string
  readonly userAgent: string | null
  /** The language the browser prefers (Accept-Language) among those we speak, when it names one. */
  readonly locale?: Locale
}

/** The key per-address limits count under. */
export function sourceOf(context: RequestContext): string {
  return context.source ?? context.ip
}

export function anonymousActor(context: RequestContext): Actor {
  return { type: 'anonymous', id: null, ip: context.ip, userAgent: context.userAgent }
}

export function userActor(userId: string, context: RequestContext): Actor {
  return { type: 'user', id: userId, ip: context.ip, userAgent: context.userAgent }
}
