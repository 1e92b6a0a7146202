/**
 * SCIM tokens (SPEC §2, §5): bearer credentials of one organization's SCIM endpoint, bound to it when
 * made, shown once, stored as a hash; several may be live at once (rotation) and each can be revoked.
 */
import type { BearerToken } from '../api-tokens/api-token.ts'

export type SCIMToken = BearerToken

/** Every SCIM token starts with this, so secret scanners can tell it from an Admin API token. */
export const SCIM_TOKEN_PREFIX = 'pcst_'
