/**
 * Authenticator apps (RFC 6238) through otplib: SHA-1, 6 digits, 30-second steps — what every app
 * reads — with one step of drift either way. A code is good once: its time step is recorded atomically
 * with the factor (factor-repository.ts `useTotpStep`), so the same code, or an older one, is refused
 * afterwards on every instance.
 */
import { generateSecret, generateURI, verify } from 'otplib'

export const TOTP_DIGITS = 6
export const TOTP_PERIOD_SECONDS = 30

/** A new secret: 20 random bytes, base32 (RFC 4226's recommended length). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 })
}

/** The `otpauth://` URI an app scans: issuer the product, label the user's email. */
export function totpUri(issuer: string, account: string, secret: string): string {
  return generateURI({ issuer, label: account, secret })
}

/** Whether `code` looks like a code at all (six digits, spaces and dashes allowed). */
export function readTotpCode(input: unknown): string | undefined {
  if (typeof input !== 'string' || input.length > 20) return undefined
  const code = input.replace(/[\s-]/g, '')
  return /^\d{6}$/.test(code) ? code : undefined
}

/** The time step `code` is good for at `nowMs` (±1 step), or undefined when it is not good. */
export async function totpStep(
  secret: string,
  input: unknown,
  nowMs: number,
): Promise<number | undefined> {
  const code = readTotpCode(input)
  if (code === undefined) return undefined
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(nowMs / 1000),
    epochTolerance: TOTP_PERIOD_SECONDS,
  })
  // The functional API's result type also covers HOTP; a TOTP result names its time step.
  return result.valid && 'timeStep' in result ? result.timeStep : undefined
}
