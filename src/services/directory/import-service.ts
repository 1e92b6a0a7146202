/**
 * Bulk user import (SPEC §4): a dry run that says line by line what a file would do, writing nothing;
 * applying it as an import run that the job runner works through in batches (import-run.ts says why that
 * survives a crash with every row done once); reading a run's progress and results.
 */
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import { AppError, isAppError } from '../../errors/app-error.ts'
import { betweenBatches } from '../../platform/heap.ts'
import { newId } from '../../platform/random.ts'
import type { Clock } from '../../platform/clock.ts'
import type { MailSender } from '../../platform/mail.ts'
import type { Store } from '../../platform/store.ts'
import { IMPORT_LIMITS, type ImportLimits } from '../../imports/import-csv.ts'
import type { RowDecision } from '../../imports/import-row.ts'
import {
  addCount,
  NO_COUNTS,
  type ImportRun,
  type RowResult,
  type RunCounts,
} from '../../imports/import-run.ts'
import type { DomainOwner } from '../../users/admission.ts'
import { applyBatch, type ImportRepos } from './import-batch.ts'
import {
  decideBatch,
  planOf,
  precheckedBatches,
  storedRowOf,
  type PlannedRow,
} from './import-rows.ts'

export interface ImportServiceDeps {
  readonly store: Store<ImportRepos>
  readonly clock: Clock
  readonly mailer: MailSender
  readonly limits?: ImportLimits
  /** Rows per transaction when a run is applied. */
  readonly batchSize?: number
}

const DEFAULT_BATCH = 500

export class ImportService {
  readonly #deps: ImportServiceDeps

  constructor(deps: ImportServiceDeps) {
    this.#deps = deps
  }

  get #batchSize(): number {
    return this.#deps.batchSize ?? DEFAULT_BATCH
  }

  get #limits(): ImportLimits {
    return this.#deps.limits ?? IMPORT_LIMITS
  }

  /**
   * What applying the file would do now, row by row, writing nothing — a batch at a time as the file is
   * read (the HTTP answer streams it): yields each batch's planned rows and returns the counts. A file error surfaces where it is found — from the first
   * `next()` if it is in the first batch.
   */
  async *dryRun(
    orgId: string,
    source: AsyncIterable<Uint8Array>,
  ): AsyncGenerator<PlannedRow[], RunCounts> {
    let counts = NO_COUNTS
    const domains = new Map<string, DomainOwner>()
    for await (const batch of precheckedBatches(source, this.#limits, this.#batchSize)) {
      const decisions = await decideBatch(this.#deps.store.read, orgId, batch, domains)
      yield batch.map((row, i) => {
        const decision = decisions[i] as RowDecision
        counts = addCount(counts, decision.outcome)
        return planOf(row, decision)
      })
    }
    return counts
  }

  /**
   * Stores the file as a pending run (answered at once); the job runner applies it. A file that cannot
   * be read leaves nothing behind. Rows are stored in small transactions so a slow upload never holds
   * the database: the run stays invisible (not ready) until the last row is in.
   */
  async startRun(
    orgId: string,
    source: AsyncIterable<Uint8Array>,
    options: { readonly sendInvitations: boolean },
    actor: Actor,
  ): Promise<ImportRun> {
    const { store, clock } = this.#deps
    const run: ImportRun = {
      id: newId(),
      orgId,
      status: 'pending',
      sendInvitations: options.sendInvitations,
      createdBy: { type: actor.type, id: actor.id },
      createdAt: clock.now(),
      startedAt: null,
      finishedAt: null,
      totalRows: 0,
      nextRow: 1,
      counts: NO_COUNTS,
      error: null,
    }
    await store.read.imports.insertRun(run)
    let total = 0
    try {
      for await (const batch of precheckedBatches(source, this.#limits, this.#batchSize)) {
        total += batch.length
        await store.read.imports.insertRows(run.id, batch.map(storedRowOf))
      }
      await store.transaction(async ({ imports, audit }) => {
        await imports.markReady(run.id, total)
        await audit.insert(
          auditEvent(clock, {
            orgId,
            type: 'user.import_started',
            outcome: 'success',
            actor,
            target: { type: 'import_run', id: run.id },
            details: { rows: total, sendInvitations: options.sendInvitations },
          }),
        )
      })
    } catch (error) {
      await store.read.imports.deleteRun(run.id)
      throw error
    }
    return { ...run, totalRows: total }
  }

  async getRun(orgId: string, runId: string): Promise<ImportRun> {
    const run = await this.#deps.store.read.imports.findRun(orgId, runId)
    if (run === undefined) throw new AppError('import.run_not_found')
    return run
  }

  listRuns(orgId: string, limit: number, before?: { createdAt: number; id: string }) {
    return this.#deps.store.read.imports.listRuns(orgId, limit, before)
  }

  async results(
    orgId: string,
    runId: string,
    fromRow: number,
    limit: number,
    outcome?: RowResult['outcome'],
  ) {
    await this.getRun(orgId, runId)
    return this.#deps.store.read.imports.results(runId, fromRow, limit, outcome)
  }

  /** The users a run created, in file order (for their invitations after the run). */
  async createdUserIds(orgId: string, runId: string): Promise<string[]> {
    await this.getRun(orgId, runId)
    const ids: string[] = []
    for (let from = 1; ;) {
      const rows = await this.#deps.store.read.imports.results(runId, from, 1000, 'create')
      for (const row of rows) if (row.result?.userId) ids.push(row.result.userId)
      const last = rows.at(-1)
      if (rows.length < 1000 || last === undefined) return ids
      from = last.rowNumber + 1
    }
  }

  /**
   * The job: works through unfinished runs, oldest first, a batch per transaction, until none is left
   * or `signal` aborts (what is done stays done; the rest continues at the next run of the job).
   */
  async processRuns(signal?: AbortSignal): Promise<{ runs: number; rows: number }> {
    const { store, clock } = this.#deps
    await store.read.imports.deleteAbandonedUploads(clock.now() - 3600_000)
    let runs = 0
    let rows = 0
    const stopped = () => signal?.aborted === true
    while (!stopped()) {
      const run = await store.read.imports.nextUnfinished()
      if (run === undefined) break
      runs++
      let done: number | 'moved' = 1
      while (done !== 0 && done !== 'moved' && !stopped()) {
        await betweenBatches()
        try {
          done = await applyBatch(this.#deps, run.orgId, run.id, this.#batchSize)
        } catch (error) {
          // The database being away is a reason to try later; anything else would fail every time.
          if (isAppError(error) && error.code === 'service.unavailable') throw error
          await this.#fail(run, error)
          done = 'moved'
        }
        if (typeof done === 'number') rows += done
      }
      // Someone else is working on it (or it just failed): leave it to them.
      if (done === 'moved') break
    }
    return { runs, rows }
  }

  async #fail(run: ImportRun, error: unknown): Promise<void> {
    const { store, clock } = this.#deps
    const current = await store.read.imports.findRun(run.orgId, run.id)
    if (current === undefined) return
    const reason = isAppError(error) ? error.code : 'internal_error'
    await store.transaction(async ({ imports, audit }) => {
      const moved = await imports.advance(run.id, current.nextRow, {
        nextRow: current.nextRow,
        counts: current.counts,
        status: 'failed',
        startedAt: current.startedAt ?? clock.now(),
        finishedAt: clock.now(),
        error: reason,
      })
      if (!moved) return
      await audit.insert(
        auditEvent(clock, {
          orgId: run.orgId,
          type: 'user.import_failed',
          outcome: 'failure',
          reasonCode: reason,
          actor: run.createdBy,
          target: { type: 'import_run', id: run.id },
          details: { ...current.counts, atRow: current.nextRow },
        }),
      )
    })
  }
}
