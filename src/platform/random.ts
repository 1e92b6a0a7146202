/** Randomness for identifiers and secrets; one place so every token has the same strength (≥ 256 bits). */
import { randomBytes, randomUUID } from 'node:crypto'

/** An opaque identifier (UUID v4) for rows. */
export function newId(): string {
  return randomUUID()
}

/** A URL-safe random secret of `bytes` bytes (default 32 = 256 bits), optionally prefixed. */
export function newSecret(prefix = '', bytes = 32): string {
  return prefix + randomBytes(bytes).toString('base64url')
}
