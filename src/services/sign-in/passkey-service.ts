/**
 * Passkeys and security keys (WebAuthn Level 2, issue 25) through `@simplewebauthn/server`: options for
 * the browser and the checks of what it answers. The relying party is PUBLIC_URL (its host the RP ID, its
 * origin the only origin accepted); attestation none; user verification preferred when a passkey is added
 * or follows a password, required when a passkey signs in alone. Each challenge is taken once, in the
 * same check that compares it (`expectedChallenge` consumes the stored row), so an answer cannot be
 * replayed, and a challenge made for one purpose, user or sign-in serves no other.
 */
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransport,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server'
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { AppError } from '../../errors/app-error.ts'
import type { FactorRepository } from '../../factors/factor-repository.ts'
import {
  isUsable,
  MAX_FACTORS_PER_USER,
  validateFactorName,
  type SecondFactor,
} from '../../factors/second-factor.ts'
import {
  CHALLENGE_TTL_MS,
  type ChallengePurpose,
  type WebauthnChallenge,
  type WebauthnChallengeRepository,
} from '../../factors/webauthn-challenge.ts'
import type { Clock } from '../../platform/clock.ts'
import { newId } from '../../platform/random.ts'
import type { Store } from '../../platform/store.ts'
import type { User } from '../../users/user.ts'

/** The library (~5 MiB of heap once loaded) is loaded at the first passkey ceremony, not at start. */
const webauthn = () => import('@simplewebauthn/server')

export interface PasskeyServiceDeps {
  readonly store: Store<{
    factors: FactorRepository
    webauthnChallenges: WebauthnChallengeRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
  readonly publicUrl: string
  /** What the authenticator shows as the site's name. */
  readonly rpName: string
}

/** A passkey's answer that checked out: the factor, and the `amr` it proves. */
export interface VerifiedPasskey {
  readonly factor: SecondFactor
  /** `hwk` for a key bound to one device, `swk` for a synced (backed-up) passkey (RFC 8176). */
  readonly method: 'hwk' | 'swk'
  readonly challenge: WebauthnChallenge
}

/** Bigger than any real answer (a few KiB); refused before it is parsed. */
const MAX_RESPONSE_LENGTH = 16_384

export class PasskeyService {
  readonly #deps: PasskeyServiceDeps
  readonly #rpID: string
  readonly #origin: string

  constructor(deps: PasskeyServiceDeps) {
    this.#deps = deps
    const url = new URL(deps.publicUrl)
    this.#rpID = url.hostname
    this.#origin = url.origin
  }

  /** Options for adding a passkey to `user` (their passkeys excluded, so one is not added twice). */
  async registrationOptions(user: User): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const passkeys = await this.#passkeysOf(user)
    const { generateRegistrationOptions } = await webauthn()
    const options = await generateRegistrationOptions({
      rpName: this.#deps.rpName,
      rpID: this.#rpID,
      userName: user.email,
      userID: new TextEncoder().encode(user.id),
      userDisplayName: [user.givenName, user.familyName].filter(Boolean).join(' ') || user.email,
      attestationType: 'none',
      excludeCredentials: passkeys.map(descriptor),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      supportedAlgorithmIDs: [-7, -257],
    })
    await this.#remember(options.challenge, 'register', user, null)
    return options
  }

  /** Checks a new passkey's answer and keeps it as a factor of `user`, named `name`. */
  async register(user: User, rawName: unknown, rawResponse: unknown, actor: Actor) {
    const { store, clock } = this.#deps
    const name = validateFactorName(rawName === '' ? undefined : rawName, 'Passkey')
    const response = parseResponse<RegistrationResponseJSON>(rawResponse)
    let taken: WebauthnChallenge | undefined
    const { verifyRegistrationResponse } = await webauthn()
    const verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: async (challenge) => {
        taken = await store.read.webauthnChallenges.consume(challenge, 'register', clock.now())
        return taken?.userId === user.id && taken.orgId === user.orgId
      },
      expectedOrigin: this.#origin,
      expectedRPID: this.#rpID,
      requireUserVerification: false,
    }).catch(() => undefined)
    const info = verified?.verified === true ? verified.registrationInfo : undefined
    if (info === undefined) throw new AppError('factor.passkey_failed')
    const now = clock.now()
    const id = newId()
    const factor: SecondFactor = {
      id,
      orgId: user.orgId,
      userId: user.id,
      kind: 'passkey',
      name,
      secretSealed: null,
      lastUsedStep: null,
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
      signCount: info.credential.counter,
      transports: info.credential.transports ?? [],
      confirmedAt: now,
      createdAt: now,
      lastUsedAt: null,
    }
    await store.transaction(async ({ factors, audit }) => {
      const existing = await factors.listForUser(user.orgId, user.id)
      if (existing.filter(isUsable).length >= MAX_FACTORS_PER_USER) {
        throw new AppError('factor.too_many')
      }
      if ((await factors.findByCredentialId(info.credential.id)) !== undefined) {
        throw new AppError('factor.passkey_failed')
      }
      await factors.insert(factor)
      await audit.insert(
        auditEvent(clock, {
          orgId: user.orgId,
          type: 'user.factor_added',
          outcome: 'success',
          actor,
          target: { type: 'user', id: user.id },
          details: { factorId: id, kind: 'passkey', name },
        }),
      )
    })
    return factor
  }

  /**
   * Options for a passkey in a sign-in: for `user`'s passkeys after their password (`second_factor`),
   * or for any passkey (`sign_in`: the browser offers the ones it holds for this site).
   */
  async authenticationOptions(
    purpose: 'sign_in' | 'second_factor',
    loginTransactionId: string,
    user?: User,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const passkeys = user === undefined ? [] : await this.#passkeysOf(user)
    const { generateAuthenticationOptions } = await webauthn()
    const options = await generateAuthenticationOptions({
      rpID: this.#rpID,
      allowCredentials: passkeys.map(descriptor),
      userVerification: purpose === 'sign_in' ? 'required' : 'preferred',
    })
    await this.#remember(options.challenge, purpose, user ?? null, loginTransactionId)
    return options
  }

  /**
   * Checks a passkey's answer in a sign-in: its challenge made for `purpose` in this transaction (and
   * for `user` when given), a usable passkey of an active account, the signature, user verification
   * for a sign-in by passkey alone, and a counter that moves forward (recorded in one statement).
   * Every failure is the same `login.passkey_failed`: nothing tells which part was wrong.
   */
  async verifyAssertion(
    purpose: 'sign_in' | 'second_factor',
    loginTransactionId: string,
    rawResponse: unknown,
    user?: User,
  ): Promise<VerifiedPasskey> {
    const { store, clock } = this.#deps
    const failed = () => new AppError('login.passkey_failed')
    let response: AuthenticationResponseJSON
    try {
      response = parseResponse<AuthenticationResponseJSON>(rawResponse)
    } catch {
      throw failed()
    }
    const factor =
      typeof response.id === 'string' && response.id.length <= 1024
        ? await store.read.factors.findByCredentialId(response.id)
        : undefined
    if (
      factor === undefined ||
      factor.kind !== 'passkey' ||
      !isUsable(factor) ||
      factor.publicKey === null ||
      factor.credentialId === null ||
      (user !== undefined && (factor.userId !== user.id || factor.orgId !== user.orgId))
    ) {
      throw failed()
    }
    let taken: WebauthnChallenge | undefined
    const { verifyAuthenticationResponse } = await webauthn()
    const verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: async (challenge) => {
        taken = await store.read.webauthnChallenges.consume(challenge, purpose, clock.now())
        return (
          taken?.loginTransactionId === loginTransactionId &&
          (user === undefined || taken.userId === user.id)
        )
      },
      expectedOrigin: this.#origin,
      expectedRPID: this.#rpID,
      credential: {
        id: factor.credentialId,
        publicKey: Buffer.from(factor.publicKey, 'base64url'),
        counter: factor.signCount ?? 0,
        transports: factor.transports as AuthenticatorTransport[],
      },
      requireUserVerification: purpose === 'sign_in',
    }).catch(() => undefined)
    if (verified?.verified !== true || taken === undefined) throw failed()
    const info = verified.authenticationInfo
    if (
      !(await store.read.factors.usePasskey(factor.orgId, factor.id, info.newCounter, clock.now()))
    ) {
      throw failed()
    }
    const method: 'hwk' | 'swk' = info.credentialDeviceType === 'multiDevice' ? 'swk' : 'hwk'
    return { factor, method, challenge: taken }
  }

  async #passkeysOf(user: User): Promise<SecondFactor[]> {
    const factors = await this.#deps.store.read.factors.listForUser(user.orgId, user.id)
    return factors.filter((f) => f.kind === 'passkey' && isUsable(f))
  }

  async #remember(
    challenge: string,
    purpose: ChallengePurpose,
    user: User | null,
    loginTransactionId: string | null,
  ): Promise<void> {
    const now = this.#deps.clock.now()
    await this.#deps.store.read.webauthnChallenges.insert({
      challenge,
      purpose,
      orgId: user?.orgId ?? null,
      userId: user?.id ?? null,
      loginTransactionId,
      createdAt: now,
      expiresAt: now + CHALLENGE_TTL_MS,
    })
  }
}

function descriptor(factor: SecondFactor) {
  return {
    id: factor.credentialId ?? '',
    transports: factor.transports as AuthenticatorTransport[],
  }
}

/** The browser's answer, a JSON document of bounded size. */
function parseResponse<T>(raw: unknown): T {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_RESPONSE_LENGTH) {
    throw new AppError('factor.passkey_failed')
  }
  try {
    const parsed: unknown = JSON.parse(raw)
    if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object')
    return parsed as T
  } catch {
    throw new AppError('factor.passkey_failed')
  }
}
