/** ID token claims (OIDC Core §2, SPEC §7) and signing with the active key. */
import type { KeyObject } from 'node:crypto'
import { SignJWT } from 'jose'
import type { SigningKey } from './signing-key.ts'

export const ID_TOKEN_TTL_SECONDS = 600

export interface IDTokenInput {
  readonly issuer: string
  readonly clientId: string
  readonly userId: string
  readonly email: string
  readonly orgId: string
  readonly amr: readonly string[]
  readonly sid: string
  readonly nonce: string | null
  readonly authTimeMs: number
  readonly nowMs: number
  readonly scope: string
  readonly name?: { given: string | null; family: string | null; display: string | null }
  /** The organization's name and the user's role in it, for the scope `organization`. */
  readonly organization?: { readonly name: string; readonly role: string }
}

/**
 * The scope `organization` (issue 23): `org_name` and `org_role` (owner, admin or member), so the console
 * knows who administers which organization without an Admin API token per organization. Read at each
 * token and userinfo call: a role change shows at the next one.
 */
export function organizationClaims(
  scope: string,
  organization: { readonly name: string; readonly role: string },
): Record<string, string> {
  if (!scope.split(' ').includes('organization')) return {}
  return { org_name: organization.name, org_role: organization.role }
}

export function idTokenClaims(input: IDTokenInput): Record<string, unknown> {
  const iat = Math.floor(input.nowMs / 1000)
  const claims: Record<string, unknown> = {
    iss: input.issuer,
    sub: input.userId,
    aud: input.clientId,
    iat,
    exp: iat + ID_TOKEN_TTL_SECONDS,
    auth_time: Math.floor(input.authTimeMs / 1000),
    email: input.email,
    org_id: input.orgId,
    amr: [...input.amr],
    sid: input.sid,
  }
  if (input.nonce !== null) claims['nonce'] = input.nonce
  if (input.organization !== undefined) {
    Object.assign(claims, organizationClaims(input.scope, input.organization))
  }
  if (input.name && input.scope.split(' ').includes('profile')) {
    if (input.name.given) claims['given_name'] = input.name.given
    if (input.name.family) claims['family_name'] = input.name.family
    if (input.name.display) claims['name'] = input.name.display
  }
  return claims
}

export function signIDToken(
  claims: Record<string, unknown>,
  key: SigningKey,
  privateKey: KeyObject,
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .sign(privateKey)
}
