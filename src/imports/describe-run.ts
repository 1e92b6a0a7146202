/** An import run as the Admin API and the event log show it. */
import type { ImportRun } from './import-run.ts'

export function describeRun(run: ImportRun) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  return {
    id: run.id,
    status: run.status,
    sendInvitations: run.sendInvitations,
    createdBy: run.createdBy,
    createdAt: new Date(run.createdAt).toISOString(),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    totalRows: run.totalRows,
    doneRows: run.nextRow - 1,
    counts: run.counts,
    error: run.error,
  }
}
