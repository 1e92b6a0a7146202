/**
 * Idempotent creates (issue 23): an operator's retried request with the same `Idempotency-Key` header
 * makes nothing new and answers with what the first one made; the same key with another request is
 * refused. Keys are kept a day (the IETF httpapi Idempotency-Key draft leaves expiry to the server).
 */
import { AppError } from '../errors/app-error.ts'

export interface IdempotencyRecord {
  /** What the key was used for (`orgs.create`): the same key may serve different operations. */
  readonly operation: string
  readonly key: string
  /** SHA-256 of the request's canonical form: the same key with another request is refused. */
  readonly requestHash: string
  /** The organization the first request made. */
  readonly orgId: string
  readonly createdAt: number
  readonly expiresAt: number
}

export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600_000
const KEY = /^[\x21-\x7e]{1,200}$/

/** The header's value: undefined when absent, else 1 to 200 printable ASCII characters. */
export function readIdempotencyKey(input: unknown): string | undefined {
  if (input === undefined) return undefined
  if (typeof input !== 'string' || !KEY.test(input)) throw new AppError('idempotency.invalid_key')
  return input
}
