/**
 * Second factors of password users (issue 25): an authenticator app (TOTP) or a passkey / security key
 * (WebAuthn), several per user, each with a name. A TOTP factor is made unconfirmed when its secret is
 * shown and counts only once a code from the app has been accepted. Recovery codes are kept apart
 * (recovery-codes.ts): they are a way back in, not a factor to choose.
 */
import { AppError } from '../errors/app-error.ts'
import { readName } from '../platform/names.ts'

export const FACTOR_KINDS = ['totp', 'passkey'] as const
export type FactorKind = (typeof FACTOR_KINDS)[number]

export interface SecondFactor {
  readonly id: string
  readonly orgId: string
  readonly userId: string
  readonly kind: FactorKind
  readonly name: string
  /** TOTP: the base32 secret, sealed at rest (SECRETS_KEY, bound to the factor's id). */
  readonly secretSealed: string | null
  /** TOTP: the last time step a code was accepted for; a code of that step or an earlier one is refused. */
  readonly lastUsedStep: number | null
  /** WebAuthn: the credential id (base64url), its COSE public key (base64url), counter, transports. */
  readonly credentialId: string | null
  readonly publicKey: string | null
  readonly signCount: number | null
  readonly transports: readonly string[]
  /** When the user proved they hold it (a TOTP code accepted, a passkey registered); null until then. */
  readonly confirmedAt: number | null
  readonly createdAt: number
  readonly lastUsedAt: number | null
}

/** At most this many factors per user (a few apps and keys, not a collection). */
export const MAX_FACTORS_PER_USER = 10
/** An unconfirmed TOTP factor is forgotten after this long. */
export const UNCONFIRMED_TTL_MS = 15 * 60_000

export function validateFactorName(input: unknown, fallback: string): string {
  const name = readName(input ?? fallback, 60)
  if (name === undefined) {
    throw new AppError('factor.invalid_name', {
      details: { field: 'name', reason: '1 to 60 printable characters' },
    })
  }
  return name
}

/** Whether the factor counts: confirmed. */
export function isUsable(factor: SecondFactor): boolean {
  return factor.confirmedAt !== null
}

/** What the account page and the Admin API show of a factor (never its secret or key). */
export function describeFactor(factor: SecondFactor) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  return {
    id: factor.id,
    kind: factor.kind,
    name: factor.name,
    confirmed: factor.confirmedAt !== null,
    createdAt: new Date(factor.createdAt).toISOString(),
    lastUsedAt: iso(factor.lastUsedAt),
  }
}
