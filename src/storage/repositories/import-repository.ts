/** SQL for import runs, their rows and per-row results. */
import { pastKey } from './keyset.ts'
import type { ActorType } from '../../audit/audit-event.ts'
import type { ImportRepository } from '../../imports/import-repository.ts'
import type { RowOutcome, RowReject } from '../../imports/import-row.ts'
import type {
  ImportRun,
  RowResult,
  RowWithResult,
  RunCounts,
  RunStatus,
  StoredRow,
} from '../../imports/import-run.ts'
import type { Executor, ImportRowsTable, ImportRunsTable } from '../database.ts'
import { insertRows } from '../bulk-insert.ts'

/** Rows per INSERT: 8 columns × 500 stays well inside both engines' parameter limits. */
const ROWS_PER_STATEMENT = 500

export class SQLImportRepository implements ImportRepository {
  readonly #db: Executor
  constructor(db: Executor) {
    this.#db = db
  }

  async insertRun(run: ImportRun): Promise<void> {
    await this.#db
      .insertInto('import_runs')
      .values({
        id: run.id,
        org_id: run.orgId,
        status: run.status,
        send_invitations: run.sendInvitations ? 1 : 0,
        created_by_type: run.createdBy.type,
        created_by_id: run.createdBy.id,
        created_at: run.createdAt,
        started_at: run.startedAt,
        finished_at: run.finishedAt,
        total_rows: run.totalRows,
        next_row: run.nextRow,
        ...countColumns(run.counts),
        error: run.error,
        ready: 0,
      })
      .execute()
  }

  async markReady(runId: string, totalRows: number): Promise<void> {
    await this.#db
      .updateTable('import_runs')
      .set({ ready: 1, total_rows: totalRows })
      .where('id', '=', runId)
      .execute()
  }

  async deleteRun(runId: string): Promise<void> {
    await this.#db.deleteFrom('import_runs').where('id', '=', runId).execute()
  }

  async deleteAbandonedUploads(before: number): Promise<number> {
    const result = await this.#db
      .deleteFrom('import_runs')
      .where('ready', '=', 0)
      .where('created_at', '<', before)
      .executeTakeFirst()
    return Number(result.numDeletedRows)
  }

  async insertRows(runId: string, rows: readonly StoredRow[]): Promise<void> {
    const values = rows.map((r) => ({
      run_id: runId,
      row_number: r.rowNumber,
      line: r.line,
      email: r.email,
      given_name: r.givenName,
      family_name: r.familyName,
      role: r.role,
      precheck: r.precheck,
    }))
    await insertRows(this.#db, 'import_rows', values, ROWS_PER_STATEMENT)
  }

  async findRun(orgId: string, runId: string): Promise<ImportRun | undefined> {
    const row = await this.#db
      .selectFrom('import_runs')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', runId)
      .where('ready', '=', 1)
      .executeTakeFirst()
    return row && toRun(row)
  }

  async listRuns(
    orgId: string,
    limit: number,
    before?: { readonly createdAt: number; readonly id: string },
  ): Promise<ImportRun[]> {
    let q = this.#db
      .selectFrom('import_runs')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('ready', '=', 1)
    if (before !== undefined) {
      q = q.where(
        pastKey({ at: before.createdAt, id: before.id }, { at: 'created_at', id: 'id' }, true),
      )
    }
    const rows = await q
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute()
    return rows.map(toRun)
  }

  async nextUnfinished(): Promise<ImportRun | undefined> {
    const row = await this.#db
      .selectFrom('import_runs')
      .selectAll()
      .where('status', 'in', ['pending', 'running'])
      .where('ready', '=', 1)
      .orderBy('created_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst()
    return row && toRun(row)
  }

  async rowsFrom(runId: string, fromRow: number, limit: number): Promise<StoredRow[]> {
    const rows = await this.#db
      .selectFrom('import_rows')
      .selectAll()
      .where('run_id', '=', runId)
      .where('row_number', '>=', fromRow)
      .orderBy('row_number')
      .limit(limit)
      .execute()
    return rows.map(toStoredRow)
  }

  async results(
    runId: string,
    fromRow: number,
    limit: number,
    outcome?: RowOutcome,
  ): Promise<RowWithResult[]> {
    let q = this.#db
      .selectFrom('import_rows as r')
      .leftJoin('import_results as x', (join) =>
        join.onRef('x.run_id', '=', 'r.run_id').onRef('x.row_number', '=', 'r.row_number'),
      )
      .selectAll('r')
      .select(['x.outcome', 'x.code', 'x.user_id'])
      .where('r.run_id', '=', runId)
      .where('r.row_number', '>=', fromRow)
    if (outcome !== undefined) q = q.where('x.outcome', '=', outcome)
    const rows = await q.orderBy('r.row_number').limit(limit).execute()
    return rows.map((row) => ({
      ...toStoredRow(row),
      result:
        row.outcome === null
          ? null
          : {
              rowNumber: Number(row.row_number),
              outcome: row.outcome as RowOutcome,
              code: row.code as RowReject | null,
              userId: row.user_id,
            },
    }))
  }

  async insertResults(runId: string, results: readonly RowResult[]): Promise<void> {
    const values = results.map((r) => ({
      run_id: runId,
      row_number: r.rowNumber,
      outcome: r.outcome,
      code: r.code,
      user_id: r.userId,
    }))
    await insertRows(this.#db, 'import_results', values, ROWS_PER_STATEMENT)
  }

  async advance(
    runId: string,
    expectedNextRow: number,
    update: {
      readonly nextRow: number
      readonly counts: RunCounts
      readonly status: RunStatus
      readonly startedAt: number | null
      readonly finishedAt: number | null
      readonly error?: string | null
    },
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('import_runs')
      .set({
        next_row: update.nextRow,
        status: update.status,
        started_at: update.startedAt,
        finished_at: update.finishedAt,
        error: update.error ?? null,
        ...countColumns(update.counts),
      })
      .where('id', '=', runId)
      .where('next_row', '=', expectedNextRow)
      .where('status', 'in', ['pending', 'running'])
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }
}

function countColumns(counts: RunCounts) {
  return {
    created_count: counts.create,
    updated_count: counts.update,
    unchanged_count: counts.unchanged,
    rejected_count: counts.reject,
  }
}

function toRun(row: ImportRunsTable): ImportRun {
  const ms = (v: number | null) => (v === null ? null : Number(v))
  return {
    id: row.id,
    orgId: row.org_id,
    status: row.status as RunStatus,
    sendInvitations: Number(row.send_invitations) === 1,
    createdBy: { type: row.created_by_type as ActorType, id: row.created_by_id },
    createdAt: Number(row.created_at),
    startedAt: ms(row.started_at),
    finishedAt: ms(row.finished_at),
    totalRows: Number(row.total_rows),
    nextRow: Number(row.next_row),
    counts: {
      create: Number(row.created_count),
      update: Number(row.updated_count),
      unchanged: Number(row.unchanged_count),
      reject: Number(row.rejected_count),
    },
    error: row.error,
  }
}

function toStoredRow(row: ImportRowsTable): StoredRow {
  return {
    rowNumber: Number(row.row_number),
    line: Number(row.line),
    email: row.email,
    givenName: row.given_name,
    familyName: row.family_name,
    role: row.role,
    precheck: row.precheck as RowReject | null,
  }
}
