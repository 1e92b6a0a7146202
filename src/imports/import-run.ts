/**
 * Import runs (SPEC §4): an applied import is stored first — the run and every row of the file — and then
 * worked through by the job runner in batches, each batch one transaction that applies its rows, records
 * their results and moves the run's cursor. A crash loses at most the batch in flight, which rolls back
 * whole and is done again: every row is applied exactly once, on whichever instance picks the run up.
 */
import type { Actor } from '../audit/audit-event.ts'
import type { RowOutcome, RowReject } from './import-row.ts'

export const RUN_STATUSES = ['pending', 'running', 'finished', 'failed'] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

export interface RunCounts {
  readonly create: number
  readonly update: number
  readonly unchanged: number
  readonly reject: number
}

export const NO_COUNTS: RunCounts = Object.freeze({ create: 0, update: 0, unchanged: 0, reject: 0 })

export function addCount(counts: RunCounts, outcome: RowOutcome): RunCounts {
  return { ...counts, [outcome]: counts[outcome] + 1 }
}

export interface ImportRun {
  readonly id: string
  readonly orgId: string
  readonly status: RunStatus
  /** Whether created users are sent an invitation (queued in the mail outbox). */
  readonly sendInvitations: boolean
  readonly createdBy: Pick<Actor, 'type' | 'id'>
  readonly createdAt: number
  readonly startedAt: number | null
  readonly finishedAt: number | null
  readonly totalRows: number
  /** Rows numbered below this are done. */
  readonly nextRow: number
  readonly counts: RunCounts
  /** Why a failed run failed. */
  readonly error: string | null
}

/** A row of the file as stored with its run. */
export interface StoredRow {
  readonly rowNumber: number
  readonly line: number
  readonly email: string
  readonly givenName: string
  readonly familyName: string
  readonly role: string
  /** Set when the row was refused on upload (malformed, or a duplicate in the file). */
  readonly precheck: RowReject | null
}

export interface RowResult {
  readonly rowNumber: number
  readonly outcome: RowOutcome
  readonly code: RowReject | null
  readonly userId: string | null
}

export interface RowWithResult extends StoredRow {
  readonly result: RowResult | null
}
