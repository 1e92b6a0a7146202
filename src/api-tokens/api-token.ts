/**
 * Bearer tokens of an organization: Admin API tokens (SPEC §7 `token create`), acting with the admin role,
 * and SCIM tokens (SPEC §5). Both are shown once, stored as a hash, bound to one organization when made,
 * listed with when they were made, by whom and last used, and revocable.
 */
import type { Actor } from '../audit/audit-event.ts'
import { AppError } from '../errors/app-error.ts'
import { readName } from '../platform/names.ts'

export interface BearerToken {
  readonly id: string
  readonly orgId: string
  readonly name: string
  readonly tokenHash: string
  readonly createdAt: number
  /** Who made it (operator CLI, an admin, an admin token); null for tokens made before this was kept. */
  readonly createdBy: Pick<Actor, 'type' | 'id'> | null
  readonly lastUsedAt: number | null
  readonly revokedAt: number | null
}

export type AdminAPIToken = BearerToken

/** Every admin API token starts with this, so secret scanners can find leaked ones. */
export const ADMIN_TOKEN_PREFIX = 'pcat_'
export const MAX_TOKEN_NAME_LENGTH = 100
/** Tokens are looked up only when shorter than this: longer ones are not ours. */
export const MAX_TOKEN_LENGTH = 100

/** `last_used_at` is written at most this often per token: a busy caller must not write on every call. */
export const LAST_USED_RESOLUTION_MS = 60_000

/** Whether a use at `now` should be recorded (the UPDATE repeats the condition for racing instances). */
export function useIsWorthRecording(token: Pick<BearerToken, 'lastUsedAt'>, now: number): boolean {
  return token.lastUsedAt === null || token.lastUsedAt <= now - LAST_USED_RESOLUTION_MS
}

/** What may be shown of a token (never its hash): for the Admin API and the operator CLI. */
export function describeToken(token: BearerToken) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  return {
    id: token.id,
    name: token.name,
    createdAt: new Date(token.createdAt).toISOString(),
    createdBy: token.createdBy,
    lastUsedAt: iso(token.lastUsedAt),
    revokedAt: iso(token.revokedAt),
  }
}

export function validateTokenName(input: unknown): string {
  const name = readName(input, MAX_TOKEN_NAME_LENGTH)
  if (name === undefined) {
    throw new AppError('token.invalid_name', {
      details: { field: 'name', reason: `1 to ${MAX_TOKEN_NAME_LENGTH} printable characters` },
    })
  }
  return name
}
