/** Storage interface for import runs, their rows and per-row results. */
import type { ImportRun, RowResult, RowWithResult, RunCounts, StoredRow } from './import-run.ts'

export interface ImportRepository {
  /** Stores the run not ready: invisible to readers and workers until `markReady`. */
  insertRun(run: ImportRun): Promise<void>
  /** The file is stored whole: the run becomes visible and due. */
  markReady(runId: string, totalRows: number): Promise<void>
  /** Removes a run and its rows (an upload that failed). */
  deleteRun(runId: string): Promise<void>
  /** Removes runs whose upload never finished (a crash mid-upload) that were started before `before`. */
  deleteAbandonedUploads(before: number): Promise<number>
  /** Stores rows of a run (many per statement). */
  insertRows(runId: string, rows: readonly StoredRow[]): Promise<void>
  findRun(orgId: string, runId: string): Promise<ImportRun | undefined>
  /** Newest first; up to `limit + 1` so the caller can tell whether more follow. */
  listRuns(
    orgId: string,
    limit: number,
    before?: { readonly createdAt: number; readonly id: string },
  ): Promise<ImportRun[]>
  /** The oldest ready run that is pending or running, of any organization. */
  nextUnfinished(): Promise<ImportRun | undefined>
  /** Rows from `fromRow` on, in order. */
  rowsFrom(runId: string, fromRow: number, limit: number): Promise<StoredRow[]>
  /** Rows with their results, from `fromRow` on; `outcome` narrows to rows with that result. */
  results(
    runId: string,
    fromRow: number,
    limit: number,
    outcome?: RowResult['outcome'],
  ): Promise<RowWithResult[]>
  /** Records results; throws if one was already recorded (a batch done twice rolls back). */
  insertResults(runId: string, results: readonly RowResult[]): Promise<void>
  /**
   * Moves the run's cursor from `expectedNextRow` to `nextRow` with the new counts and status; false when
   * the cursor was not where expected (another worker moved it: the caller's transaction must roll back).
   */
  advance(
    runId: string,
    expectedNextRow: number,
    update: {
      readonly nextRow: number
      readonly counts: RunCounts
      readonly status: ImportRun['status']
      readonly startedAt: number | null
      readonly finishedAt: number | null
      readonly error?: string | null
    },
  ): Promise<boolean>
}
