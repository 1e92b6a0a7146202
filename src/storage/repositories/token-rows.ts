/**
 * What every bearer-token table shares (Admin API, SCIM and operator tokens): who made it, when it was
 * last used — written at most once per resolution, however many instances see the token at once.
 */
import type { Actor, ActorType } from '../../audit/audit-event.ts'
import type { Executor } from '../database.ts'

type TokenTable = 'admin_api_tokens' | 'scim_tokens' | 'operator_tokens'

interface TokenRowTimes {
  readonly created_by_type: string | null
  readonly created_by_id: string | null
  readonly created_at: number
  readonly last_used_at: number | null
  readonly revoked_at: number | null
}

/** The columns of a row every token record has, as the record has them. */
export function tokenRowFields(row: TokenRowTimes) {
  return {
    createdAt: Number(row.created_at),
    createdBy:
      row.created_by_type === null
        ? null
        : ({ type: row.created_by_type as ActorType, id: row.created_by_id } satisfies Pick<
            Actor,
            'type' | 'id'
          >),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  }
}

/** Records use at `now` unless it was recorded less than `resolutionMs` ago (the condition in SQL). */
export async function touchToken(
  db: Executor,
  table: TokenTable,
  tokenId: string,
  now: number,
  resolutionMs: number,
): Promise<void> {
  // The three tables have these columns alike; typed as one of them so the builder sees one shape.
  await db
    .updateTable(table as 'admin_api_tokens')
    .set({ last_used_at: now })
    .where('id', '=', tokenId)
    .where((eb) =>
      eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', now - resolutionMs)]),
    )
    .execute()
}
