/** The statements that revoke live credentials in a table: a user's (deactivation, deletion), an organization's (suspension). */
import type { Executor } from '../database.ts'

/** Tables holding credentials bound to a user, each with `org_id`, `user_id` and `revoked_at`. */
export type UserCredentialTable = 'sessions' | 'auth_codes' | 'access_tokens'

/** Marks every unrevoked row of the user revoked; callers may narrow it further before executing. */
export function revokeForUser(
  db: Executor,
  table: UserCredentialTable,
  orgId: string,
  userId: string,
  now: number,
) {
  return db
    .updateTable(table)
    .set({ revoked_at: now })
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
}

/** Marks every unrevoked row of the organization revoked (suspension). */
export function revokeForOrg(db: Executor, table: UserCredentialTable, orgId: string, now: number) {
  return db
    .updateTable(table)
    .set({ revoked_at: now })
    .where('org_id', '=', orgId)
    .where('revoked_at', 'is', null)
}
