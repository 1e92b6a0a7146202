/**
 * The audit log as CSV (issue 27), for a spreadsheet or an archive: one row per event, encoded by
 * csv-stringify. Every cell that a spreadsheet would read as a formula — starting with `=`, `+`, `-`,
 * `@`, a tab or a carriage return — is neutralised with a leading `'` (OWASP "CSV injection"): user
 * agents, names and emails in the log come from outside.
 */
import { stringify } from 'csv-stringify/sync'
import type { AuditEvent } from './audit-event.ts'

export const AUDIT_CSV_COLUMNS = [
  'occurredAt',
  'type',
  'outcome',
  'reasonCode',
  'actorType',
  'actorId',
  'actorIp',
  'actorUserAgent',
  'targetType',
  'targetId',
  'details',
] as const

/** A cell a spreadsheet will show as text, never evaluate. */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

export function auditCsv(events: readonly AuditEvent[]): string {
  const rows = events.map((event) =>
    [
      new Date(event.occurredAt).toISOString(),
      event.type,
      event.outcome,
      event.reasonCode ?? '',
      event.actor.type,
      event.actor.id ?? '',
      event.actor.ip ?? '',
      event.actor.userAgent ?? '',
      event.target?.type ?? '',
      event.target?.id ?? '',
      JSON.stringify(event.details ?? {}),
    ].map(neutraliseCell),
  )
  return stringify(rows, {
    header: true,
    columns: [...AUDIT_CSV_COLUMNS],
    record_delimiter: '\r\n',
  })
}
