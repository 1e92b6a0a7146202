/**
 * The audit log as CSV (issue 27), for a spreadsheet or an archive: one row per event, every cell
 * neutralised against formulas (platform/spreadsheet-csv.ts): user agents, names and emails in the log
 * come from outside.
 */
import { spreadsheetCsv } from '../platform/spreadsheet-csv.ts'
import type { AuditEvent } from './audit-event.ts'

export { neutraliseCell } from '../platform/spreadsheet-csv.ts'

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

export function auditCsv(events: readonly AuditEvent[]): string {
  const rows = events.map((event) => [
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
  ])
  return spreadsheetCsv(AUDIT_CSV_COLUMNS, rows)
}
