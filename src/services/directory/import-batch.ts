/**
 * Applying an import run a batch at a time (SPEC §4; import-run.ts says why every row is done once): the
 * rows, their decisions again as of now, the users created or updated, their audit events, invitations
 * and results, and the run's cursor — one transaction a batch.
 */
import type { Actor, AuditEvent } from '../../audit/audit-event.ts'
import { auditEvent, userEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import type { BearerTokenRepository } from '../../api-tokens/api-token-repository.ts'
import type { DomainRepository } from '../../domains/domain-repository.ts'
import { AppError, isAppError } from '../../errors/app-error.ts'
import type { ImportRepository } from '../../imports/import-repository.ts'
import type { RowDecision, RowReject, UserChanges } from '../../imports/import-row.ts'
import {
  addCount,
  type ImportRun,
  type RowResult,
  type RunCounts,
  type StoredRow,
} from '../../imports/import-run.ts'
import { renderedLater } from '../../mail/outbox.ts'
import type { OutboxRepository } from '../../mail/outbox-repository.ts'
import type { Clock } from '../../platform/clock.ts'
import type { MailSender } from '../../platform/mail.ts'
import { newId } from '../../platform/random.ts'
import type { Store } from '../../platform/store.ts'
import type { SSOProfileRepository } from '../../sso-profiles/sso-profile-repository.ts'
import { newInvitedUser, type User } from '../../users/user.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import { guardAccess } from '../sign-in/access-guard.ts'
import { revokeTokensMadeBy } from '../sign-in/revoke-access.ts'
import { decideBatch, recheck } from './import-rows.ts'

export interface ImportRepos {
  readonly users: UserRepository
  readonly apiTokens: BearerTokenRepository
  readonly domains: DomainRepository
  readonly ssoProfiles: SSOProfileRepository
  readonly imports: ImportRepository
  readonly outbox: OutboxRepository
  readonly audit: AuditRepository
}

export interface ImportBatchDeps {
  readonly store: Store<ImportRepos>
  readonly clock: Clock
  readonly mailer: MailSender
}

/**
 * Applies the run's next batch of `size` rows; the number of rows done (0: the run is finished), or
 * 'moved' when another worker advanced the run meanwhile (its cursor moved: this work is theirs).
 *  1. The whole batch in one transaction.
 *  2. If a row made the batch fail as a whole (it would break a way in, its email was taken
 *     meanwhile), the same rows again one at a time, each in its own transaction, a failing one
 *     recorded as rejected with its code: a bad row never stops the good ones.
 */
export async function applyBatch(
  deps: ImportBatchDeps,
  orgId: string,
  runId: string,
  size: number,
): Promise<number | 'moved'> {
  try {
    return await unlessMoved(() => applyRows(deps, orgId, runId, size))
  } catch (error) {
    if (!isRowError(error)) throw error
  }
  let done = 0
  for (let i = 0; i < size; i++) {
    let applied: number | 'moved'
    try {
      applied = await unlessMoved(() => applyRows(deps, orgId, runId, 1))
    } catch (error) {
      if (!isRowError(error)) throw error
      applied = await unlessMoved(() => rejectNextRow(deps, orgId, runId, rowCode(error)))
    }
    if (applied === 'moved') return done === 0 ? 'moved' : done
    if (applied === 0) break
    done += applied
  }
  return done
}

/** A transaction's work, or 'moved' when it rolled back because another worker advanced the run. */
async function unlessMoved(work: () => Promise<number | 'moved'>): Promise<number | 'moved'> {
  try {
    return await work()
  } catch (error) {
    if (isAppError(error) && error.code === 'import.run_moved') return 'moved'
    throw error
  }
}

/** The next `limit` rows of the run, applied in one transaction. */
async function applyRows(
  deps: ImportBatchDeps,
  orgId: string,
  runId: string,
  limit: number,
): Promise<number | 'moved'> {
  const { store, clock, mailer } = deps
  return store.transaction(async (repos) => {
    const run = await repos.imports.findRun(orgId, runId)
    if (run === undefined || (run.status !== 'pending' && run.status !== 'running')) return 'moved'
    const actor: Actor = run.createdBy
    const rows = await repos.imports.rowsFrom(runId, run.nextRow, limit)
    const now = clock.now()
    if (rows.length === 0) {
      await advance(repos, clock, run, run.nextRow, run.counts, 'finished')
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
    const decisions = await decideBatch(repos, orgId, prechecked, new Map())
    const created: User[] = []
    const results: RowResult[] = []
    const events: AuditEvent[] = []
    let counts = run.counts
    const audit = (type: string, userId: string, row: number, details: object = {}) =>
      events.push(
        userEvent(clock, {
          orgId,
          type,
          actor,
          userId,
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
    await advance(repos, clock, run, last.rowNumber + 1, counts, 'running')
    return rows.length
  })
}

/** Records the run's next row as rejected with `code`, alone in its transaction. */
async function rejectNextRow(
  deps: ImportBatchDeps,
  orgId: string,
  runId: string,
  code: RowReject,
): Promise<number | 'moved'> {
  return deps.store.transaction(async (repos) => {
    const run = await repos.imports.findRun(orgId, runId)
    if (run === undefined || (run.status !== 'pending' && run.status !== 'running')) return 'moved'
    const [row] = await repos.imports.rowsFrom(runId, run.nextRow, 1)
    if (row === undefined) return 0
    await repos.imports.insertResults(runId, [
      { rowNumber: row.rowNumber, outcome: 'reject', code, userId: null },
    ])
    await advance(
      repos,
      deps.clock,
      run,
      row.rowNumber + 1,
      addCount(run.counts, 'reject'),
      'running',
    )
    return 1
  })
}

/** Moves the run's cursor past what this transaction did, or rolls it back if another worker did. */
async function advance(
  repos: ImportRepos,
  clock: Clock,
  run: ImportRun,
  nextRow: number,
  counts: RunCounts,
  status: 'running' | 'finished',
): Promise<void> {
  const now = clock.now()
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
