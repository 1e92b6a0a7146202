/** SQL for invitations; consumption is one conditional UPDATE (STYLE rule 12). */
import { pastKey } from './keyset.ts'
import type { Invitation } from '../../users/invitation.ts'
import type { InvitationRepository, PendingInvitation } from '../../users/invitation-repository.ts'
import type { Executor, InvitationsTable } from '../database.ts'

/** Invitations and password-reset links: the same single-use links, in two tables. */
type LinkTable = 'invitations' | 'password_resets'

export class SQLInvitationRepository implements InvitationRepository {
  readonly #db: Executor
  // Typed as one of the two tables (same columns) so the builder sees one shape.
  readonly #table: 'invitations'
  constructor(db: Executor, table: LinkTable = 'invitations') {
    this.#db = db
    this.#table = table as 'invitations'
  }

  async insert(invitation: Invitation): Promise<void> {
    await this.#db
      .insertInto(this.#table)
      .values({
        id: invitation.id,
        org_id: invitation.orgId,
        user_id: invitation.userId,
        token_hash: invitation.tokenHash,
        created_at: invitation.createdAt,
        expires_at: invitation.expiresAt,
        consumed_at: invitation.consumedAt,
      })
      .execute()
  }

  async listPending(
    orgId: string,
    limit: number,
    after?: { readonly createdAt: number; readonly id: string },
  ): Promise<PendingInvitation[]> {
    let q = this.#db
      .selectFrom(`${this.#table} as i`)
      .innerJoin('users as u', 'u.id', 'i.user_id')
      .select(['i.id', 'i.user_id', 'u.email', 'i.created_at', 'i.expires_at'])
      .where('i.org_id', '=', orgId)
      .where('i.consumed_at', 'is', null)
    if (after !== undefined) {
      q = q.where(
        pastKey({ at: after.createdAt, id: after.id }, { at: 'i.created_at', id: 'i.id' }),
      )
    }
    const rows = await q
      .orderBy('i.created_at')
      .orderBy('i.id')
      .limit(limit + 1)
      .execute()
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      email: r.email,
      createdAt: Number(r.created_at),
      expiresAt: Number(r.expires_at),
    }))
  }

  async findUsable(tokenHash: string, now: number): Promise<Invitation | undefined> {
    const row = await this.#db
      .selectFrom(this.#table)
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst()
    return row && toInvitation(row)
  }

  async consume(tokenHash: string, now: number): Promise<Invitation | undefined> {
    const result = await this.#db
      .updateTable(this.#table)
      .set({ consumed_at: now })
      .where('token_hash', '=', tokenHash)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst()
    if (result.numUpdatedRows !== 1n) return undefined
    const row = await this.#db
      .selectFrom(this.#table)
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst()
    return row && toInvitation(row)
  }

  async revokePending(orgId: string, userId: string): Promise<number> {
    const result = await this.#db
      .deleteFrom(this.#table)
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .where('consumed_at', 'is', null)
      .executeTakeFirst()
    return Number(result.numDeletedRows)
  }
}

function toInvitation(row: InvitationsTable): Invitation {
  return {
    id: row.id,
    orgId: row.org_id,
    userId: row.user_id,
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    consumedAt: row.consumed_at,
  }
}
