/**
 * Counting a password attempt before the password is checked (SPEC §3.4): against the client source (an
 * address, or an IPv6 network), the account-and-source pair and — unless the browser is one the account
 * signed in from — the account, each in one atomic statement, so concurrent guesses cannot pass a limit;
 * and taking the count back for an attempt turned away unchecked (`login.busy`).
 */
import { AppError } from '../../errors/app-error.ts'
import type { Clock } from '../../platform/clock.ts'
import { RATE_LIMITS, rateLimitKey, retryAfterSeconds } from '../../throttling/rate-limit.ts'
import type { RateLimitRepository } from '../../throttling/rate-limit-repository.ts'

/** What an admitted attempt counted, so it can be taken back. */
export interface AdmittedAttempt {
  readonly addressKey: string
  readonly pairKey: string
  /** Null when the account-wide rule was not applied (a known browser). */
  readonly accountKey: string | null
}

/**
 * Counts the attempt, or throws `login.rate_limited` / `login.locked` with a `retryAfterSeconds`; waits
 * for the account's slot when it is being slowed down.
 */
export async function admitAttempt(
  deps: { readonly rateLimits: RateLimitRepository; readonly clock: Clock },
  attempt: { readonly canonical: string; readonly source: string; readonly knownDevice: boolean },
): Promise<AdmittedAttempt> {
  const { rateLimits, clock } = deps
  const { canonical, source } = attempt
  const now = clock.now()
  const address = RATE_LIMITS.address
  const addressKey = rateLimitKey('address', source)
  const byAddress = await rateLimits.admitLocked(addressKey, address, now)
  if (byAddress.admittedAt === null) {
    throw new AppError('login.rate_limited', {
      details: { retryAfterSeconds: retryAfterSeconds(byAddress, address, now) },
    })
  }
  const pairKey = rateLimitKey('pair', canonical, source)
  const byPair = await rateLimits.admitLocked(pairKey, RATE_LIMITS.pair, now)
  if (byPair.admittedAt === null) {
    throw new AppError('login.locked', {
      details: { retryAfterSeconds: retryAfterSeconds(byPair, RATE_LIMITS.pair, now) },
    })
  }
  if (attempt.knownDevice) return { addressKey, pairKey, accountKey: null }
  const account = RATE_LIMITS.account
  const accountKey = rateLimitKey('account', canonical)
  const byAccount = await rateLimits.admitSlowed(accountKey, account, now)
  if (byAccount.admittedAt === null) {
    throw new AppError('login.rate_limited', {
      details: { retryAfterSeconds: retryAfterSeconds(byAccount, account, now) },
    })
  }
  await clock.sleep(byAccount.admittedAt - now)
  return { addressKey, pairKey, accountKey }
}

/** Takes back what `admitAttempt` counted for an attempt that was turned away unchecked. */
export async function takeBackAttempt(
  rateLimits: RateLimitRepository,
  admitted: AdmittedAttempt,
): Promise<void> {
  await rateLimits.refund(admitted.addressKey, RATE_LIMITS.address)
  await rateLimits.refund(admitted.pairKey, RATE_LIMITS.pair)
  if (admitted.accountKey !== null) {
    await rateLimits.refund(admitted.accountKey, RATE_LIMITS.account)
  }
}

/** A right answer (password or code): the attempt does not count against the account or the address. */
export async function refundAttempt(
  rateLimits: RateLimitRepository,
  admitted: AdmittedAttempt,
): Promise<void> {
  await rateLimits.reset(admitted.pairKey)
  await rateLimits.refund(admitted.addressKey, RATE_LIMITS.address)
  if (admitted.accountKey !== null) {
    await rateLimits.refund(admitted.accountKey, RATE_LIMITS.account)
  }
}
