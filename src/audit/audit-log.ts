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
