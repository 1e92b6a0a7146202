/** Builds audit events with id and time, so services record one in a line. */
import type { Clock } from '../platform/clock.ts'
import { newId } from '../platform/random.ts'
import type { AuditEvent, AuditEventInput } from './audit-event.ts'

export function auditEvent(clock: Clock, input: AuditEventInput): AuditEvent {
  return { ...input, id: newId(), occurredAt: clock.now() }
}
