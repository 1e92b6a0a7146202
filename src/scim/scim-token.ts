/**
 * SCIM tokens (SPEC §2, §5): bearer credentials of one organization's SCIM endpoint, bound to it when
 * made, shown once, stored as a hash; several may be live at once (rotation) and each can be revoked.
 */

export interface SCIMToken {
  readonly id: string
  readonly orgId: string
  readonly name: string
  readonly tokenHash: string
  readonly createdAt: number
  readonly lastUsedAt: number | null
  readonly revokedAt: number | null
}

/** Every SCIM token starts with this, so secret scanners can tell it from an Admin API token. */
export const SCIM_TOKEN_PREFIX = 'pcst_'

/** `last_used_at` is written at most this often per token: a busy IdP must not write on every call. */
export const LAST_USED_RESOLUTION_MS = 60_000
