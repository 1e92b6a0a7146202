/**
 * Signing a browser in through the login pages as the built-in client (PKCE), to come back to a path of
 * the Admin Center or the account page afterwards — the callback is `/admin/callback`. The return path is
 * carried in a short-lived cookie with the state and the verifier; only our own paths come back (no
 * open redirect).
 */
import { createHash } from 'node:crypto'
import type { FastifyReply } from 'fastify'
import { ADMIN_CENTER_CLIENT_ID } from '../../../oidc/oidc-client.ts'
import { newSecret } from '../../../platform/random.ts'
import { serializeCookie, type CookieNames } from '../../cookies.ts'

export interface BuiltInSignInDeps {
  readonly cookies: CookieNames
  readonly secureCookies: boolean
  readonly publicUrl: string
}

export const NONCE_LENGTH = 22 // 16 random bytes, base64url
export const VERIFIER_LENGTH = 43 // 32 random bytes, base64url

/** Sends the browser through the login pages as the built-in client, to come back to `path`. */
export function startBuiltInSignIn(
  reply: FastifyReply,
  deps: BuiltInSignInDeps,
  path: string,
  options: { readonly maxAge?: number } = {},
): FastifyReply {
  const nonce = newSecret('', 16)
  const verifier = newSecret('', 32)
  const challenge = createHash('sha256').update(verifier).digest('base64url')
  const remembered = `${nonce}${verifier}${encodeReturnPath(path)}`
  const authorize = new URL(`${deps.publicUrl}/oauth2/authorize`)
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: ADMIN_CENTER_CLIENT_ID,
    redirect_uri: `${deps.publicUrl}/admin/callback`,
    scope: 'openid',
    state: nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(options.maxAge === undefined ? {} : { max_age: String(options.maxAge) }),
  }).toString()
  return reply
    .header(
      'set-cookie',
      serializeCookie(deps.cookies.adminSignIn, remembered.slice(0, 200), {
        secure: deps.secureCookies,
        maxAgeSeconds: 15 * 60,
      }),
    )
    .header('cache-control', 'no-store')
    .redirect(authorize.href, 303)
}

/** What the sign-in cookie remembers: the state, the PKCE verifier and where to return. */
export function readSignInCookie(cookie: string) {
  return {
    nonce: cookie.slice(0, NONCE_LENGTH),
    verifier: cookie.slice(NONCE_LENGTH, NONCE_LENGTH + VERIFIER_LENGTH),
    returnTo: decodeReturnPath(cookie.slice(NONCE_LENGTH + VERIFIER_LENGTH)),
  }
}

/** Only paths of the Admin Center and the account page come back; long ones fall back to `/admin`. */
function encodeReturnPath(path: string): string {
  const safe = isReturnPath(path) && path.length <= 90 ? path : '/admin'
  return Buffer.from(safe, 'utf8').toString('base64url')
}

function decodeReturnPath(encoded: string): string {
  const path = Buffer.from(encoded, 'base64url').toString('utf8')
  return isReturnPath(path) ? path : '/admin'
}

function isReturnPath(path: string): boolean {
  return (
    /^\/(?:admin|account)(?:\/[A-Za-z0-9/_-]*)?(?:\?[A-Za-z0-9=&_%.-]*)?$/.test(path) &&
    !path.includes('//')
  )
}
