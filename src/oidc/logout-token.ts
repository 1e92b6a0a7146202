/**
 * OIDC Back-Channel Logout 1.0 §2.4: the Logout Token a client's back-channel logout URI receives when
 * a session it was issued tokens in ends — `iss`, `aud`, `iat`, `exp`, `jti`, `sub`, `sid`, the
 * back-channel logout event, never a `nonce` — signed like the client's ID tokens, `typ` `logout+jwt`.
 */
import type { KeyObject } from 'node:crypto'
import { SignJWT } from 'jose'
import { newId } from '../platform/random.ts'
import type { SigningKey } from './signing-key.ts'

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout'
/** A logout token is good for two minutes (it is sent at once; a retry gets a fresh one). */
export const LOGOUT_TOKEN_TTL_SECONDS = 120

export interface LogoutTokenInput {
  readonly issuer: string
  readonly clientId: string
  readonly userId: string
  readonly sid: string
  readonly nowMs: number
}

export function logoutTokenClaims(input: LogoutTokenInput): Record<string, unknown> {
  const iat = Math.floor(input.nowMs / 1000)
  return {
    iss: input.issuer,
    aud: input.clientId,
    iat,
    exp: iat + LOGOUT_TOKEN_TTL_SECONDS,
    jti: newId(),
    sub: input.userId,
    sid: input.sid,
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
  }
}

export function signLogoutToken(
  claims: Record<string, unknown>,
  key: SigningKey,
  privateKey: KeyObject,
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'logout+jwt' })
    .sign(privateKey)
}
