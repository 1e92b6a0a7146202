/**
 * The rows of an import, read and decided: the file read into batches of rows with their file-level
 * verdicts (malformed, duplicated), each row's decision from what the database says (two queries a
 * batch), and what the dry run shows of it. Shared by the dry run, the upload of a run and its batches.
 */
import type { DomainRepository } from '../../domains/domain-repository.ts'
import { domainOwner } from '../../domains/domain.ts'
import { readImportCSV, type ImportLimits } from '../../imports/import-csv.ts'
import {
  checkCells,
  decideRow,
  type CheckedRow,
  type RowDecision,
  type RowReject,
  type UserChanges,
} from '../../imports/import-row.ts'
import type { StoredRow } from '../../imports/import-run.ts'
import type { DomainOwner } from '../../users/admission.ts'
import { betweenBatches } from '../../platform/heap.ts'
import type { UserRepository } from '../../users/user-repository.ts'

export interface PrecheckedRow {
  readonly rowNumber: number
  readonly line: number
  readonly cells: StoredRowCells | null
  readonly checked: CheckedRow
}

type StoredRowCells = Pick<StoredRow, 'email' | 'givenName' | 'familyName' | 'role'>

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

/** Reads the file into batches of `size` rows with their file-level verdicts, one at a time. */
export async function* precheckedBatches(
  source: AsyncIterable<Uint8Array>,
  limits: ImportLimits,
  size: number,
): AsyncGenerator<PrecheckedRow[]> {
  const seen = new Set<string>()
  let batch: PrecheckedRow[] = []
  for await (const record of readImportCSV(source, limits)) {
    let checked = checkCells(record.cells)
    if (checked.ok) {
      if (seen.has(checked.email.canonical)) {
        checked = { ok: false, code: 'row.duplicate_in_file' }
      } else seen.add(checked.email.canonical)
    }
    batch.push({ rowNumber: record.rowNumber, line: record.line, cells: record.cells, checked })
    if (batch.length >= size) {
      yield batch
      batch = []
      await betweenBatches()
    }
  }
  if (batch.length > 0) yield batch
}

/**
 * Decisions for a batch, from two queries (the accounts, and who verified each domain not yet in
 * `domains`, which remembers them across batches).
 */
export async function decideBatch(
  repos: { readonly users: UserRepository; readonly domains: DomainRepository },
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

/** What is stored of a row for the run. */
export function storedRowOf(row: PrecheckedRow): StoredRow {
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
export function recheck(row: StoredRow): CheckedRow {
  if (row.precheck !== null) return { ok: false, code: row.precheck }
  return checkCells(row)
}

/** What the dry run shows of a row. */
export function planOf(row: PrecheckedRow, decision: RowDecision): PlannedRow {
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
