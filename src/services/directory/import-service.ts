/**
 * Bulk user import (SPEC §4): a dry run that says line by line what a file would do, writing nothing;
 * applying it as an import run that the job runner works through in batches (import-run.ts says why that
 * survives a crash with every row done once); reading a run's progress and results.
 */
import type { Actor, AuditEvent } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { guardAccess } from '../organization/access-guard.ts'
import type { DomainRepository } from '../../domains/domain-repository.ts'
import { domainOwner } from '../../domains/domain.ts'
import type { DomainOwner } from '../../users/admission.ts'
import { AppError, isAppError } from '../../errors/app-error.ts'
import { renderedLater } from '../../mail/outbox.ts'
import type { OutboxRepository } from '../../mail/outbox-repository.ts'
import type { Clock } from '../../platform/clock.ts'
import type { MailSender } from '../../platform/mail.ts'
import { newId } from '../../platform/random.ts'
import type { Store } from '../../platform/store.ts'
import type { SSOProfileRepository } from '../../sso-profiles/sso-profile-repository.ts'
import { newInvitedUser, type User } from '../../users/user.ts'
import { revokeTokensMadeBy } from '../sign-in/revoke-access.ts'
import type { BearerTokenRepository } from '../../api-tokens/api-token-repository.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import { readImportCSV, type ImportLimits, IMPORT_LIMITS } from '../../imports/import-csv.ts'
import type { ImportRepository } from '../../imports/import-repository.ts'
import {
  checkCells,
  decideRow,
  type CheckedRow,
  type RowDecision,
  type RowReject,
  type UserChanges,
} from '../../imports/import-row.ts'
import {
  addCount,
  NO_COUNTS,
  type ImportRun,
  type RowResult,
  type RunCounts,
  type StoredRow,
} from '../../imports/import-run.ts'

export interface ImportRepos {
  readonly users: UserRepository
  readonly apiTokens: BearerTokenRepository
  readonly domains: DomainRepository
  readonly ssoProfiles: SSOProfileRepository
  readonly imports: ImportRepository
  readonly outbox: OutboxRepository
  readonly audit: AuditRepository
}

export interface ImportServiceDeps {
  readonly store: Store<ImportRepos>
  readonly clock: Clock
  readonly mailer: MailSender
  readonly limits?: ImportLimits
  /** Rows per transaction when a run is applied. */
  readonly batchSize?: number
}

/** One line of a dry run's answer. */
export interface PlannedRow {
  readonly row: number
  readonly line: number
  readonly email: string
  readonly outcome: RowDecision['outcome']
  readonly code?: RowReject
  readonly userId?: string
  readonly changes?: UserChanges
}

export interface DryRun {
  readonly counts: RunCounts
  readonly rows: PlannedRow[]
}

const DEFAULT_BATCH = 500
/** Who verified a domain, as the decision needs it. */

export class ImportService {
  readonly #deps: ImportServiceDeps

  constructor(deps: ImportServiceDeps) {
    this.#deps = deps
  }

  get #batchSize(): number {
    return this.#deps.batchSize ?? DEFAULT_BATCH
  }

  /** What applying the file would do now, row by row; writes nothing. */
  async dryRun(orgId: string, source: AsyncIterable<Uint8Array>): Promise<DryRun> {
    const planned: PlannedRow[] = []
    let counts = NO_COUNTS
    const domains = new Map<string, DomainOwner>()
    const flush = async (batch: PrecheckedRow[]) => {
      const decisions = await this.#decide(this.#deps.store.read, orgId, batch, domains)
      batch.forEach((row, i) => {
        const decision = decisions[i] as RowDecision
        counts = addCount(counts, decision.outcome)
        planned.push(planOf(row, decision))
      })
    }
    await this.#prechecked(source, this.#batchSize, flush)
    return { counts, rows: planned }
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
      await this.#prechecked(source, this.#batchSize, async (batch) => {
        total += batch.length
        await store.read.imports.insertRows(run.id, batch.map(storedRowOf))
      })
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
        // Between batches, let the event loop serve requests: node:sqlite calls are synchronous, so a
        // run would otherwise hold this instance until it ends.
        await new Promise((resolve) => setImmediate(resolve))
        try {
          done = await this.#applyNextBatch(run.orgId, run.id)
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

  /** Reads the file and hands on batches of rows with their file-level verdicts. */
  async #prechecked(
    source: AsyncIterable<Uint8Array>,
    size: number,
    flush: (batch: PrecheckedRow[]) => Promise<void>,
  ): Promise<void> {
    const seen = new Set<string>()
    let batch: PrecheckedRow[] = []
    for await (const record of readImportCSV(source, this.#deps.limits ?? IMPORT_LIMITS)) {
      let checked = checkCells(record.cells)
      if (checked.ok) {
        if (seen.has(checked.email.canonical)) {
          checked = { ok: false, code: 'row.duplicate_in_file' }
        } else seen.add(checked.email.canonical)
      }
      batch.push({ rowNumber: record.rowNumber, line: record.line, cells: record.cells, checked })
      if (batch.length >= size) {
        await flush(batch)
        batch = []
        // Other requests get a turn between batches (node:sqlite calls are synchronous).
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
    if (batch.length > 0) await flush(batch)
  }

  /** Decisions for a batch, from two queries (the accounts, and who verified each new domain). */
  async #decide(
    repos: Pick<ImportRepos, 'users' | 'domains'>,
    orgId: string,
    batch: readonly { readonly checked: CheckedRow }[],
    domains: Map<string, DomainOwner>,
  ): Promise<RowDecision[]> {
    const emails: string[] = []
    for (const { checked } of batch) {
      if (!checked.ok) continue
      emails.push(checked.email.canonical)
      const domain = checked.email.domain
      if (!domains.has(domain)) {
        const verified = await repos.domains.findVerifiedByName(domain)
        domains.set(domain, domainOwner(orgId, verified))
      }
    }
    const accounts = new Map(
      (await repos.users.findByCanonicalEmails(emails)).map((u) => [u.emailCanonical, u]),
    )
    return batch.map(({ checked }) =>
      decideRow(
        orgId,
        checked,
        checked.ok
          ? {
              existing: accounts.get(checked.email.canonical),
              domain: domains.get(checked.email.domain) ?? 'none',
            }
          : { existing: undefined, domain: 'none' },
      ),
    )
  }

  /**
   * Applies the run's next batch in one transaction; the number of rows done (0: the run is finished),
   * or 'moved' when another worker advanced the run meanwhile. A batch that fails as a whole (a row
   * would break a way in, an email was taken meanwhile) is applied again a row at a time, so a bad row
   * is rejected alone and never stops the good ones.
   */
  async #applyNextBatch(orgId: string, runId: string): Promise<number | 'moved'> {
    try {
      return await this.#applyRows(orgId, runId, this.#batchSize)
    } catch (error) {
      if (!isRowError(error)) throw error
    }
    let done = 0
    for (let i = 0; i < this.#batchSize; i++) {
      let applied: number | 'moved'
      try {
        applied = await this.#applyRows(orgId, runId, 1)
      } catch (error) {
        if (!isRowError(error)) throw error
        applied = await this.#rejectNextRow(orgId, runId, rowCode(error))
      }
      if (applied === 'moved') return done === 0 ? 'moved' : done
      if (applied === 0) break
      done += applied
    }
    return done
  }

  async #applyRows(orgId: string, runId: string, limit: number): Promise<number | 'moved'> {
    try {
      return await this.#applyRowsOnce(orgId, runId, limit)
    } catch (error) {
      if (isAppError(error) && error.code === 'import.run_moved') return 'moved'
      throw error
    }
  }

  async #applyRowsOnce(orgId: string, runId: string, limit: number): Promise<number | 'moved'> {
    const { store, clock, mailer } = this.#deps
    return store.transaction(async (repos) => {
      const run = await repos.imports.findRun(orgId, runId)
      if (run === undefined || (run.status !== 'pending' && run.status !== 'running'))
        return 'moved'
      const actor: Actor = run.createdBy
      const rows = await repos.imports.rowsFrom(runId, run.nextRow, limit)
      const now = clock.now()
      if (rows.length === 0) {
        await this.#advance(repos, run, run.nextRow, run.counts, 'finished')
        await repos.audit.insert(
          auditEvent(clock, {
            orgId,
            type: 'user.import_finished',
            outcome: 'success',
            actor,
            target: { type: 'import_run', id: runId },
            details: { ...run.counts },
          }),
        )
        return 0
      }
      const prechecked = rows.map((row) => ({ ...row, checked: recheck(row) }))
      const decisions = await this.#decide(repos, orgId, prechecked, new Map())
      const created: User[] = []
      const results: RowResult[] = []
      const events: AuditEvent[] = []
      let counts = run.counts
      const audit = (type: string, userId: string, row: number, details: object = {}) =>
        events.push(
          auditEvent(clock, {
            orgId,
            type,
            outcome: 'success',
            actor,
            target: { type: 'user', id: userId },
            details: { importRun: runId, row, ...details },
          }),
        )
      const apply = async () => {
        for (const [i, row] of prechecked.entries()) {
          const decision = decisions[i] as RowDecision
          counts = addCount(counts, decision.outcome)
          let userId: string | null = null
          if (decision.outcome === 'create' && row.checked.ok) {
            const user = newInvitedUser(newId(), now, {
              orgId,
              email: row.checked.email.email,
              emailCanonical: row.checked.email.canonical,
              role: decision.role,
              givenName: row.checked.givenName,
              familyName: row.checked.familyName,
            })
            created.push(user)
            userId = user.id
            audit('user.imported', user.id, row.rowNumber, { role: user.role })
          } else if (decision.outcome === 'update') {
            await repos.users.update(orgId, decision.user.id, decision.changes, now)
            userId = decision.user.id
            if (decision.changes.role === 'member' && decision.user.role !== 'member') {
              await revokeTokensMadeBy(repos, clock, {
                orgId,
                userId,
                actor,
                reason: 'maker_demoted',
              })
            }
            const before = Object.fromEntries(
              Object.keys(decision.changes).map((k) => [k, decision.user[k as keyof UserChanges]]),
            )
            audit('user.updated', userId, row.rowNumber, { changes: decision.changes, before })
          } else if (decision.outcome === 'unchanged') {
            userId = decision.user.id
          }
          results.push({
            rowNumber: row.rowNumber,
            outcome: decision.outcome,
            code: decision.outcome === 'reject' ? decision.code : null,
            userId,
          })
        }
        await repos.users.insertMany(created)
      }
      // A role change is the one change an import makes that could cost the organization a way in.
      if (decisions.some((d) => d.outcome === 'update' && d.changes.role !== undefined)) {
        await guardAccess(repos, { orgId, clock, actor }, {}, apply)
      } else {
        await apply()
      }
      await repos.audit.insertMany(events)
      if (run.sendInvitations && mailer.kind !== 'none') {
        await repos.outbox.enqueueMany(
          created.map((u) => renderedLater(clock, orgId, 'invitation', u.id, u.email)),
        )
      }
      await repos.imports.insertResults(runId, results)
      const last = rows[rows.length - 1] as StoredRow
      await this.#advance(repos, run, last.rowNumber + 1, counts, 'running')
      return rows.length
    })
  }

  /** Records the next row as rejected with `code`, alone in its transaction. */
  async #rejectNextRow(orgId: string, runId: string, code: RowReject): Promise<number | 'moved'> {
    try {
      return await this.#rejectNextRowOnce(orgId, runId, code)
    } catch (error) {
      if (isAppError(error) && error.code === 'import.run_moved') return 'moved'
      throw error
    }
  }

  async #rejectNextRowOnce(
    orgId: string,
    runId: string,
    code: RowReject,
  ): Promise<number | 'moved'> {
    return this.#deps.store.transaction(async (repos) => {
      const run = await repos.imports.findRun(orgId, runId)
      if (run === undefined || (run.status !== 'pending' && run.status !== 'running'))
        return 'moved'
      const [row] = await repos.imports.rowsFrom(runId, run.nextRow, 1)
      if (row === undefined) return 0
      await repos.imports.insertResults(runId, [
        { rowNumber: row.rowNumber, outcome: 'reject', code, userId: null },
      ])
      await this.#advance(repos, run, row.rowNumber + 1, addCount(run.counts, 'reject'), 'running')
      return 1
    })
  }

  async #advance(
    repos: ImportRepos,
    run: ImportRun,
    nextRow: number,
    counts: RunCounts,
    status: 'running' | 'finished',
  ): Promise<void> {
    const now = this.#deps.clock.now()
    const moved = await repos.imports.advance(run.id, run.nextRow, {
      nextRow,
      counts,
      status,
      startedAt: run.startedAt ?? now,
      finishedAt: status === 'finished' ? now : null,
    })
    // Another worker moved the cursor: this transaction's work is theirs already; roll it back.
    if (!moved) throw new AppError('import.run_moved')
  }
}

interface PrecheckedRow {
  readonly rowNumber: number
  readonly line: number
  readonly cells: StoredRowCells | null
  readonly checked: CheckedRow
}

type StoredRowCells = Pick<StoredRow, 'email' | 'givenName' | 'familyName' | 'role'>

function storedRowOf(row: PrecheckedRow): StoredRow {
  return {
    rowNumber: row.rowNumber,
    line: row.line,
    email: row.cells?.email ?? '',
    givenName: row.cells?.givenName ?? '',
    familyName: row.cells?.familyName ?? '',
    role: row.cells?.role ?? '',
    precheck: row.checked.ok
      ? null
      : row.checked.code === 'row.malformed' || row.checked.code === 'row.duplicate_in_file'
        ? row.checked.code
        : null,
  }
}

/** A stored row checked again (the file-level verdicts were kept; the rest is recomputed). */
function recheck(row: StoredRow): CheckedRow {
  if (row.precheck !== null) return { ok: false, code: row.precheck }
  return checkCells(row)
}

function planOf(row: PrecheckedRow, decision: RowDecision): PlannedRow {
  const base = {
    row: row.rowNumber,
    line: row.line,
    email: row.checked.ok ? row.checked.email.email : (row.cells?.email ?? '').slice(0, 320),
  }
  switch (decision.outcome) {
    case 'reject':
      return { ...base, outcome: 'reject', code: decision.code }
    case 'create':
      return { ...base, outcome: 'create' }
    case 'update':
      return { ...base, outcome: 'update', userId: decision.user.id, changes: decision.changes }
    case 'unchanged':
      return { ...base, outcome: 'unchanged', userId: decision.user.id }
  }
}

/** Errors that belong to a row (the batch is retried a row at a time), not to the run. */
function isRowError(error: unknown): boolean {
  return (
    isAppError(error) &&
    [
      'user.email_taken',
      'user.external_id_taken',
      'enforcement.lockout_risk',
      'enforcement.profile_required',
      'user.owner_lockout',
    ].includes(error.code)
  )
}

function rowCode(error: unknown): RowReject {
  return isAppError(error) && error.code.startsWith('user.email')
    ? 'row.conflict'
    : 'row.lockout_risk'
}
