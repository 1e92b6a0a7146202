/** The one statement that revokes a user's live credentials in a table (deactivation, deletion). */
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
