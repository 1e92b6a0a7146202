/** Builds audit events with id and time, so services record one in a line. */
import type { Clock } from '../platform/clock.ts'
import { metrics } from '../platform/metrics.ts'
import { newId } from '../platform/random.ts'
import type { AuditEvent, AuditEventInput } from './audit-event.ts'

export function auditEvent(clock: Clock, input: AuditEventInput): AuditEvent {
  if (input.type === 'login.succeeded' || input.type === 'login.failed') countLogin(input)
  return { ...input, id: newId(), occurredAt: clock.now() }
}

/** Every sign-in attempt is audited, so the audit builder is the one place to count them. */
function countLogin(input: AuditEventInput): void {
  const method = input.details?.['method']
  metrics.logins.inc({
    method: method === 'saml' || method === 'pwd' ? method : 'other',
    outcome: input.outcome,
    reason: input.reasonCode ?? '',
  })
}

/** What a change to one user records: who did it, what, and details — a success, the user as target. */
export interface UserEventInput {
  readonly orgId: string | null
  readonly type: string
  readonly actor: AuditEventInput['actor']
  readonly userId: string
  readonly details?: AuditEventInput['details']
}

/** The audit event of a change to one user (invited, updated, deactivated, signed in, …). */
export function userEvent(clock: Clock, input: UserEventInput): AuditEvent {
  const { userId, ...rest } = input
  return auditEvent(clock, { ...rest, outcome: 'success', target: { type: 'user', id: userId } })
}
