/** PKCE, S256 only (RFC 7636; STYLE rule 23): format checks and verification, pure. */
import { createHash } from 'node:crypto'
import { constantEquals } from '../platform/crypto.ts'

// RFC 7636 §4.1: 43–128 characters of the unreserved set.
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/
// BASE64URL(SHA-256(verifier)) without padding is always 43 characters.
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/

export function isValidCodeChallenge(challenge: string): boolean {
  return CHALLENGE.test(challenge)
}

export function isValidCodeVerifier(verifier: string): boolean {
  return VERIFIER.test(verifier)
}

/** True when `verifier` is well-formed and hashes to `challenge` (RFC 7636 §4.6). */
export function verifyPKCE(verifier: unknown, challenge: string): boolean {
  if (typeof verifier !== 'string' || !isValidCodeVerifier(verifier)) return false
  const computed = createHash('sha256').update(verifier, 'ascii').digest('base64url')
  return constantEquals(computed, challenge)
}
