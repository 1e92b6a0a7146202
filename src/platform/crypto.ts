/** Hashing and constant-time comparison of secrets (STYLE rule 22). */
import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * SHA-256 of a high-entropy secret (API token, invite token, session id), hex encoded.
 * A fast hash is right here: the inputs are 256-bit random values, not passwords.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex')
}

/** Compares two strings in time that depends only on the longer length; never throws. */
export function constantEquals(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  const length = Math.max(left.length, right.length, 1)
  const paddedLeft = Buffer.alloc(length)
  const paddedRight = Buffer.alloc(length)
  left.copy(paddedLeft)
  right.copy(paddedRight)
  return timingSafeEqual(paddedLeft, paddedRight) && left.length === right.length
}
