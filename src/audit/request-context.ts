/** Who is asking, as far as the HTTP edge can tell: for audit events and per-address throttling. */
import type { Actor } from './audit-event.ts'

export interface RequestContext {
  readonly ip: string
  readonly userAgent: string | null
}

export function anonymousActor(context: RequestContext): Actor {
  return { type: 'anonymous', id: null, ip: context.ip, userAgent: context.userAgent }
}

export function userActor(userId: string, context: RequestContext): Actor {
  return { type: 'user', id: userId, ip: context.ip, userAgent: context.userAgent }
}
