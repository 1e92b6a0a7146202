/**
 * Browsers a user has signed in from (issue 21 item 3): at every successful sign-in the browser gets a
 * long-lived device cookie — an opaque random secret, only its hash stored, per user — so that a source
 * that has signed in to an account before passes the account-wide slow-down that a distributed guessing
 * attack sets off (it still faces its own per-address limits and the account-and-address lock).
 * Revocable: deactivation, deletion, a password reset and adoption end it with everything else.
 */
import { newSecret } from '../platform/random.ts'

/** How long a browser stays known without signing in again (refreshed at every sign-in). */
export const KNOWN_DEVICE_LIFETIME_MS = 180 * 24 * 3600_000
/** Device cookie secrets start with this (secret scanners; never a session). */
export const DEVICE_SECRET_PREFIX = 'dev_'

export interface KnownDevice {
  readonly deviceHash: string
  readonly orgId: string
  readonly userId: string
  readonly emailCanonical: string
  readonly createdAt: number
  readonly lastUsedAt: number
  readonly expiresAt: number
}

export function newDeviceSecret(): string {
  return newSecret(DEVICE_SECRET_PREFIX)
}

/** A presented cookie value that may be a device secret; anything else is ignored. */
export function isDeviceSecret(value: string | undefined): value is string {
  return value !== undefined && value.startsWith(DEVICE_SECRET_PREFIX) && value.length <= 100
}
