/** Authorization codes: single-use, short-lived, bound to client, redirect URI and PKCE challenge. */
import type { Clock } from '../platform/clock.ts'
import { hashSecret } from '../platform/crypto.ts'
import { newSecret } from '../platform/random.ts'

export interface AuthCode {
  readonly codeHash: string
  readonly orgId: string
  readonly userId: string
  readonly clientId: string
  readonly redirectUri: string
  readonly codeChallenge: string
  readonly sessionSid: string
  readonly nonce: string | null
  readonly scope: string
  readonly amr: readonly string[]
  readonly authTime: number
  readonly createdAt: number
  readonly expiresAt: number
  readonly consumedAt: number | null
  readonly revokedAt: number | null
}

/** RFC 6749 §4.1.2 recommends at most 10 minutes; a browser redirect needs seconds. */
export const AUTH_CODE_TTL_MS = 60_000

export function issueAuthCode(
  clock: Clock,
  fields: Omit<AuthCode, 'codeHash' | 'createdAt' | 'expiresAt' | 'consumedAt' | 'revokedAt'>,
): { code: AuthCode; secret: string } {
  const secret = newSecret()
  const now = clock.now()
  return {
    secret,
    code: {
      ...fields,
      codeHash: hashSecret(secret),
      createdAt: now,
      expiresAt: now + AUTH_CODE_TTL_MS,
      consumedAt: null,
      revokedAt: null,
    },
  }
}
