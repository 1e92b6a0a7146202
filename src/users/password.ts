/**
 * Passwords: argon2id with OWASP's parameters (m=19 MiB, t=2, p=1) through @node-rs/argon2. Hashes are
 * self-describing PHC strings, so parameters can be raised later with rehash-on-login.
 */
import { availableParallelism } from 'node:os'
import { hash, verify, type Algorithm } from '@node-rs/argon2'
import { AppError } from '../errors/app-error.ts'
import { metrics, secondsSince } from '../platform/metrics.ts'
import { WorkGate, WorkGateFull, type WorkGateLimits } from '../platform/work-gate.ts'

// Algorithm.Argon2id; a const enum, which type stripping cannot inline.
const ARGON2ID = 2 as Algorithm

export const ARGON2_PARAMETERS = Object.freeze({
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
})

export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 256

const CURRENT_PREFIX = `$argon2id$v=19$m=${ARGON2_PARAMETERS.memoryCost},t=${ARGON2_PARAMETERS.timeCost},p=${ARGON2_PARAMETERS.parallelism}$`

/** A well-formed hash with today's parameters: verifying against it costs what a real check costs. */
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$abOD8qJW+sae5DGWFxjM8Q$c6xzfoiFQKRlv0bibyyu4l0yo0n8s1kfqMRdAD/4pwo'

/** Checks a new password against the rules; returns it unchanged. */
export function validateNewPassword(password: unknown, email: string): string {
  if (typeof password !== 'string' || [...password].length < MIN_PASSWORD_LENGTH) {
    throw new AppError('password.too_short')
  }
  if ([...password].length > MAX_PASSWORD_LENGTH) throw new AppError('password.too_long')
  const local = email.split('@')[0]?.toLowerCase() ?? ''
  if (local.length >= 4 && password.toLowerCase().includes(local)) {
    throw new AppError('password.contains_email')
  }
  return password
}

/**
 * Argon2 runs at most this many at once per process (default: one per core); later ones queue, sources
 * taking turns; each client source (`platform/client-source.ts`) holds at most its share of the slots and
 * of the queue; beyond it, or when the queue is full, `login.busy` (503, Retry-After) answers at once.
 * Set from the configuration; process-wide because it is about this process's cores.
 */
let gate = new WorkGate(passwordWorkLimits(availableParallelism(), 64))

/**
 * The gate's limits from the configuration: a source may hold half the slots (at least one) and an
 * eighth of the queue (at least one place), unless set.
 */
export function passwordWorkLimits(
  concurrency: number,
  maxWaiting: number,
  perSource: { readonly running?: number; readonly waiting?: number } = {},
): WorkGateLimits {
  return {
    concurrency,
    maxWaiting,
    perSourceRunning: perSource.running || Math.max(1, Math.ceil(concurrency / 2)),
    perSourceWaiting: perSource.waiting || Math.max(1, Math.floor(maxWaiting / 8)),
  }
}

export function configurePasswordWork(limits: WorkGateLimits): void {
  gate = new WorkGate(limits)
}

/** For metrics: argon2 work running and waiting now. */
export function passwordWorkLoad(): { running: number; waiting: number } {
  return { running: gate.running, waiting: gate.waiting }
}

/** Work not done for a client (the CLI, start-up): its own source. */
export const LOCAL_SOURCE = 'local'

async function gated<T>(
  operation: 'verify' | 'hash',
  source: string,
  work: () => Promise<T>,
): Promise<T> {
  const started = performance.now()
  try {
    const pending = gate.run(source, work)
    metrics.passwordWaiting.set(gate.waiting)
    return await pending
  } catch (error) {
    if (error instanceof WorkGateFull) {
      metrics.passwordBusy.inc()
      throw new AppError('login.busy', { details: { retryAfterSeconds: 1 } })
    }
    throw error
  } finally {
    metrics.passwordWaiting.set(gate.waiting)
    metrics.passwordSeconds.observe({ operation }, secondsSince(started))
  }
}

/** A chosen password, typed twice: checked against the rules and hashed (invitation, reset). */
export function hashNewPassword(
  password: unknown,
  confirmation: unknown,
  email: string,
  source: string = LOCAL_SOURCE,
) {
  const valid = validateNewPassword(password, email)
  if (valid !== confirmation) throw new AppError('password.mismatch')
  return hashPassword(valid, source)
}

export function hashPassword(password: string, source: string = LOCAL_SOURCE): Promise<string> {
  return gated('hash', source, () => hash(password.normalize('NFC'), ARGON2_PARAMETERS))
}

/**
 * Verifies `password` against `stored` for a client `source`; with no stored hash (unknown user, no
 * password set) it verifies against a dummy hash and returns false, so both cases take the same time
 * and count the same against the source (SPEC §3.3).
 */
export async function verifyPassword(
  stored: string | null,
  password: string,
  source: string = LOCAL_SOURCE,
): Promise<boolean> {
  const candidate = password.length > MAX_PASSWORD_LENGTH * 4 ? '' : password.normalize('NFC')
  let ok: boolean
  try {
    ok = await gated('verify', source, () => verify(stored ?? DUMMY_HASH, candidate))
  } catch (error) {
    if (error instanceof AppError) throw error
    return false
  }
  return ok && stored !== null && candidate !== ''
}

/** True when `stored` was made with other parameters than today's. */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith(CURRENT_PREFIX)
}
