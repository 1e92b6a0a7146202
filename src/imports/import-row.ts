/**
 * What one import row does (SPEC §4 "Bulk user import"): the same pure decision serves the dry run and the
 * run, which makes it inside the transaction that applies it. Rows create invited users, update an
 * existing user's names and role, leave them unchanged, or are rejected with a stable code; nothing here
 * touches the database.
 */
import { readOptionalName } from '../platform/names.ts'
import type { CanonicalEmail } from '../users/email.ts'
import { canonicalizeEmail } from '../users/email.ts'
import { isOwnerProtected, MAX_USER_NAME_LENGTH, type Role, type User } from '../users/user.ts'
import { holderOf, refusalAt, type AdmissionCodes, type DomainOwner } from '../users/admission.ts'
import type { ImportCells } from './import-csv.ts'

/** Why a row is rejected: stable codes, shown per row (API and Admin Center). */
export const ROW_REJECTS = {
  'row.malformed': 'The row has a different number of fields than the header.',
  'row.invalid_email': 'The email address is invalid.',
  'row.duplicate_in_file': 'The same email address is on an earlier row of this file.',
  'row.role_unknown': 'The role must be admin or member (or empty for member).',
  'row.role_not_allowed': 'The owner is not imported: transfer ownership in the Admin Center.',
  'row.invalid_name':
    'A name is longer than 200 characters or contains control or bidirectional-control characters.',
  'row.domain_not_verified': 'The email is not in a domain this organization has verified.',
  'row.domain_owned_elsewhere': 'The email is in a domain another organization has verified.',
  'row.adoption_required':
    'An account with this email exists outside this organization: use "import existing users of my verified domains".',
  'row.owner_protected': 'The owner cannot be demoted by an import.',
  'row.role_from_idp':
    "This user's role comes from the identity provider's groups (role mapping is on); change it there.",
  'row.lockout_risk': 'This change would leave no owner or admin a way to sign in.',
  'row.conflict': 'The user changed while the row was applied; import the row again.',
} as const
export type RowReject = keyof typeof ROW_REJECTS

export const ROW_OUTCOMES = ['create', 'update', 'unchanged', 'reject'] as const
export type RowOutcome = (typeof ROW_OUTCOMES)[number]

export const MAX_NAME_LENGTH = MAX_USER_NAME_LENGTH

/** A row, checked on its own (no database): what is wrong with it, or its clean values. */
export type CheckedRow =
  | { readonly ok: false; readonly code: RowReject }
  | {
      readonly ok: true
      readonly email: CanonicalEmail
      readonly givenName: string | null
      readonly familyName: string | null
      /** Null: not given (member for a new user, unchanged for an existing one). */
      readonly role: Exclude<Role, 'owner'> | null
    }

export function checkCells(cells: ImportCells | null): CheckedRow {
  if (cells === null) return { ok: false, code: 'row.malformed' }
  let email: CanonicalEmail
  try {
    email = canonicalizeEmail(cells.email)
  } catch {
    return { ok: false, code: 'row.invalid_email' }
  }
  const role = cells.role.trim().toLowerCase()
  if (role === 'owner') return { ok: false, code: 'row.role_not_allowed' }
  if (role !== '' && role !== 'admin' && role !== 'member')
    return { ok: false, code: 'row.role_unknown' }
  const givenName = cleanName(cells.givenName)
  const familyName = cleanName(cells.familyName)
  if (givenName === undefined || familyName === undefined)
    return { ok: false, code: 'row.invalid_name' }
  return { ok: true, email, givenName, familyName, role: role === '' ? null : role }
}

/** The one name rule: null when empty; undefined when not acceptable. Formulas stay text: nothing evaluates them. */
function cleanName(value: string): string | null | undefined {
  return readOptionalName(value, MAX_NAME_LENGTH)
}

/** What the database says about a row's email. */
export interface RowFacts {
  /** The account with this canonical email anywhere in the deployment. */
  readonly existing: User | undefined
  /** Who verified the email's domain: this organization, another one, or nobody. */
  readonly domain: DomainOwner
}

/**
 * The import's codes for the admission rule (`users/admission.ts`). An account of this organization is
 * updated, not taken in, so `held_here` is never asked of a row; if it were, the row raced a change.
 */
export const IMPORT_ADMISSION: AdmissionCodes<RowReject> = Object.freeze({
  domain_owned_elsewhere: 'row.domain_owned_elsewhere',
  domain_unverified: 'row.domain_not_verified',
  held_here: 'row.conflict',
  held_elsewhere: 'row.adoption_required',
})

export interface UserChanges {
  readonly givenName?: string
  readonly familyName?: string
  readonly role?: Exclude<Role, 'owner'>
}

export type RowDecision =
  | { readonly outcome: 'reject'; readonly code: RowReject }
  | { readonly outcome: 'create'; readonly role: Exclude<Role, 'owner'> }
  | { readonly outcome: 'update'; readonly user: User; readonly changes: UserChanges }
  | { readonly outcome: 'unchanged'; readonly user: User }

/**
 * The decision for a checked row in `orgId`. An empty name cell keeps the user's name; an empty role
 * keeps their role. Existing users of this organization may be updated whatever their domain; anyone
 * else must be in a domain this organization verified and must not have an account elsewhere.
 */
export function decideRow(orgId: string, row: CheckedRow, facts: RowFacts): RowDecision {
  if (!row.ok) return { outcome: 'reject', code: row.code }
  const { existing } = facts
  if (existing !== undefined && existing.orgId === orgId) {
    const changes: { givenName?: string; familyName?: string; role?: Exclude<Role, 'owner'> } = {}
    if (row.givenName !== null && row.givenName !== existing.givenName)
      changes.givenName = row.givenName
    if (row.familyName !== null && row.familyName !== existing.familyName) {
      changes.familyName = row.familyName
    }
    if (row.role !== null && row.role !== existing.role) {
      if (isOwnerProtected(existing)) return { outcome: 'reject', code: 'row.owner_protected' }
      if (existing.roleFrom !== null) return { outcome: 'reject', code: 'row.role_from_idp' }
      changes.role = row.role
    }
    return Object.keys(changes).length === 0
      ? { outcome: 'unchanged', user: existing }
      : { outcome: 'update', user: existing, changes }
  }
  const refused = refusalAt(IMPORT_ADMISSION, facts.domain, holderOf(orgId, existing))
  if (refused !== null) return { outcome: 'reject', code: refused }
  return { outcome: 'create', role: row.role ?? 'member' }
}
