/** Opaque access tokens for the userinfo endpoint; stored hashed, revocable. */
import type { Clock } from '../platform/clock.ts'
import { hashSecret } from '../platform/crypto.ts'
import { newSecret } from '../platform/random.ts'

export interface AccessToken {
  readonly tokenHash: string
  /** The code it was issued for: reusing that code revokes it. */
  readonly codeHash: string
  readonly orgId: string
  readonly userId: string
  readonly clientId: string
  readonly sessionSid: string
  readonly scope: string
  readonly createdAt: number
  readonly expiresAt: number
  readonly revokedAt: number | null
}

export const ACCESS_TOKEN_TTL_MS = 60 * 60_000

export function issueAccessToken(
  clock: Clock,
  fields: Pick<AccessToken, 'codeHash' | 'orgId' | 'userId' | 'clientId' | 'sessionSid' | 'scope'>,
): { token: AccessToken; secret: string } {
  const secret = newSecret('pcac_')
  const now = clock.now()
  return {
    secret,
    token: {
      ...fields,
      tokenHash: hashSecret(secret),
      createdAt: now,
      expiresAt: now + ACCESS_TOKEN_TTL_MS,
      revokedAt: null,
    },
  }
}
