/**
 * A WebAuthn challenge (issue 25): made when a browser asks for passkey options, kept until its one use
 * and consumed by one DELETE — a challenge answered twice, by another user, for another purpose or in
 * another sign-in is refused. What it was made for travels with it.
 */

/** `register`: a passkey added on the account page; `sign_in`: a passkey instead of the password;
 * `second_factor`: a passkey after the password. */
export const CHALLENGE_PURPOSES = ['register', 'sign_in', 'second_factor'] as const
export type ChallengePurpose = (typeof CHALLENGE_PURPOSES)[number]

export interface WebauthnChallenge {
  /** base64url, as the browser echoes it in clientDataJSON. */
  readonly challenge: string
  readonly purpose: ChallengePurpose
  /** The user it was made for (registration, second factor); null for a passkey sign-in (anyone). */
  readonly orgId: string | null
  readonly userId: string | null
  /** The login transaction it belongs to (sign-in, second factor); null on the account page. */
  readonly loginTransactionId: string | null
  readonly createdAt: number
  readonly expiresAt: number
}

/** How long a browser has to answer a challenge. */
export const CHALLENGE_TTL_MS = 5 * 60_000

export interface WebauthnChallengeRepository {
  insert(challenge: WebauthnChallenge): Promise<void>
  /** Takes the challenge if it is live and made for `purpose` — one statement; undefined otherwise. */
  consume(
    challenge: string,
    purpose: ChallengePurpose,
    now: number,
  ): Promise<WebauthnChallenge | undefined>
}
