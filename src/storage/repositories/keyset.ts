/**
 * Keyset paging, one way for every list (users, domains, invitations, groups, import runs, audit): a
 * page continues after the (time, id) of the previous page's last row, in that order, so a page is one
 * indexed range read however deep it is, and rows added meanwhile neither repeat nor shift a page.
 */
import { sql, type Expression, type SqlBool } from 'kysely'

/** Where a page starts: strictly after (or, newest first, before) this row's time and id. */
export interface Key {
  readonly at: number
  readonly id: string
}

/**
 * The condition "comes after `key`" on the `at` and `id` columns (qualified as given), ascending; with
 * `descending`, "comes before it".
 */
export function pastKey(
  key: Key,
  columns: { readonly at: string; readonly id: string } = { at: 'created_at', id: 'id' },
  descending = false,
): Expression<SqlBool> {
  const at = sql.ref(columns.at)
  const id = sql.ref(columns.id)
  const past = descending ? sql.raw('<') : sql.raw('>')
  return sql<SqlBool>`(${at} ${past} ${key.at} or (${at} = ${key.at} and ${id} ${past} ${key.id}))`
}
