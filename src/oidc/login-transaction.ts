/**
 * A login transaction: one authorization request on its way through the login pages. It is bound to
 * the browser that started it (a cookie whose hash it stores) and carries the CSRF token of its forms.
 */
import type { AuthorizationRequest, PendingAuthorization } from './authorization-request.ts'
import type { Clock } from '../platform/clock.ts'
import type { SecondFactorMethod } from '../sessions/session.ts'
import { hashSecret } from '../platform/crypto.ts'
import { newSecret } from '../platform/random.ts'

export interface LoginTransaction extends PendingAuthorization {
  readonly id: string
  readonly bindingHash: string
  /** Sent in every form of this transaction; not a secret from the browser, only from other sites. */
  readonly csrfToken: string
  /** The email entered on the first page (as entered), once entered. */
  readonly email: string | null
  /** The client asked for a fresh authentication (`prompt=login`, `max_age`): SSO sends ForceAuthn. */
  readonly forceAuthn: boolean
  /** OIDC `ui_locales` as the client sent it (the pages pick the first language they speak). */
  readonly uiLocales: string | null
  readonly createdAt: number
  readonly expiresAt: number
  readonly completedAt: number | null
  /** The user whose password was right, waiting for their second factor (issue 25); null before. */
  readonly firstFactor: { readonly userId: string; readonly at: number } | null
  /**
   * That user then enrolled a second factor their organization requires, proving it (`otp`): the sign-in
   * completes when they have seen their recovery codes. Null before.
   */
  readonly enrolledFactor: SecondFactorMethod | null
}

export const LOGIN_TRANSACTION_TTL_MS = 15 * 60_000

/**
 * `browserSecret` is the browser's existing binding cookie, if it has one: reusing it lets several tabs
 * sign in at once; a browser without one gets a new secret.
 */
export function newLoginTransaction(
  clock: Clock,
  request: AuthorizationRequest,
  browserSecret: string | undefined,
  forceAuthn: boolean,
): { transaction: LoginTransaction; bindingSecret: string } {
  const bindingSecret = browserSecret ?? newSecret()
  const now = clock.now()
  return {
    bindingSecret,
    transaction: {
      id: newSecret('', 18),
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      state: request.state,
      nonce: request.nonce,
      scope: request.scope,
      codeChallenge: request.codeChallenge,
      bindingHash: hashSecret(bindingSecret),
      csrfToken: newSecret(),
      email: request.loginHint,
      forceAuthn,
      uiLocales: request.uiLocales,
      createdAt: now,
      expiresAt: now + LOGIN_TRANSACTION_TTL_MS,
      completedAt: null,
      firstFactor: null,
      enrolledFactor: null,
    },
  }
}
