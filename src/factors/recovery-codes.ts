/**
 * Recovery codes (issue 25): ten single-use codes a user keeps on paper for when their factors are gone,
 * shown once, stored as SHA-256 hashes (each has 50 random bits: a hash is enough, as for tokens),
 * replaced all at once when regenerated. Using one is audited and mailed to the user.
 */
import { randomBytes } from 'node:crypto'
import { hashSecret } from '../platform/crypto.ts'

export const RECOVERY_CODE_COUNT = 10
/** Crockford-style base32 without look-alikes (no I, L, O, U). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** One code: ten characters shown as `XXXXX-XXXXX`. */
function newRecoveryCode(): string {
  const bytes = randomBytes(10)
  const chars = [...bytes].map((byte) => ALPHABET[byte & 31])
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`
}

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
}

/** The stored form of what a user typed: case, spaces and dashes do not matter; look-alikes read as digits. */
export function recoveryCodeHash(input: unknown): string | undefined {
  if (typeof input !== 'string' || input.length > 40) return undefined
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0')
  if (!/^[0-9A-Z]{10}$/.test(code) || /U/.test(code)) return undefined
  return hashSecret(`${code.slice(0, 5)}-${code.slice(5)}`)
}
