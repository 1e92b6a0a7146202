/** Audit events: who did what, to what, from where, with which outcome (SPEC §2). */

export const ACTOR_TYPES = [
  'operator',
  'operator_token',
  'admin_token',
  'user',
  'scim',
  'system',
  'anonymous',
] as const
export type ActorType = (typeof ACTOR_TYPES)[number]

export interface Actor {
  readonly type: ActorType
  readonly id: string | null
  readonly ip?: string | null
  readonly userAgent?: string | null
}

export const OPERATOR_CLI: Actor = Object.freeze({ type: 'operator', id: 'cli' })

export interface AuditEventInput {
  readonly orgId: string | null
  readonly type: string
  readonly outcome: 'success' | 'failure'
  readonly reasonCode?: string | null
  readonly actor: Actor
  readonly target?: { readonly type: string; readonly id: string } | null
  /** Structured detail; never secrets. */
  readonly details?: Readonly<Record<string, unknown>>
}

export interface AuditEvent extends AuditEventInput {
  readonly id: string
  readonly occurredAt: number
}
