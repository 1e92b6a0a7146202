/**
 * What the ACS checks share: the connection the ACS path chose (SECURITY-CASES I6), the input, and what
 * earlier checks established. Later checks read only what earlier ones put here.
 */
import { AppError } from '../../errors/app-error.ts'
import type { PendingRequestMatch } from './ports.ts'

export const SIGNATURE_POLICIES = ['assertion', 'both'] as const
/** `assertion`: the assertion must be signed, a response signature must verify if present (SPEC §2). */
export type SignaturePolicy = (typeof SIGNATURE_POLICIES)[number]

export const ASSERTION_ENCRYPTION = ['off', 'accepted', 'required'] as const
/** `off`: an EncryptedAssertion is refused; `accepted`: either; `required`: a plaintext one is refused. */
export type AssertionEncryption = (typeof ASSERTION_ENCRYPTION)[number]

/** The connection a response is checked against, from the profile that the ACS URL names. */
export interface ACSProfile {
  readonly id: string
  readonly orgId: string
  readonly idpEntityId: string
  readonly spEntityId: string
  readonly acsUrl: string
  /** PEM certificates pinned for this connection only (I2); at most MAX_PINNED_CERTIFICATES. */
  readonly certificates: readonly string[]
  readonly signaturePolicy: SignaturePolicy
  readonly assertionEncryption: AssertionEncryption
  readonly clockSkewMs: number
}

export interface SignatureReport {
  readonly responseSigned: boolean
  readonly assertionSigned: boolean
  readonly algorithm: string | undefined
  /** SHA-256 fingerprint of the pinned certificate that verified. */
  readonly certificate: string | undefined
}

/** How the assertion came: encrypted (with which algorithms) or not. */
export interface EncryptionReport {
  readonly encrypted: boolean
  /** The data encryption algorithm URI, when encrypted. */
  readonly dataAlgorithm?: string
  /** The key transport algorithm URI, when encrypted. */
  readonly keyTransport?: string
}

/** The outcome of a response that passed every check. */
export interface ValidatedAssertion {
  readonly responseId: string
  readonly assertionId: string
  readonly issuer: string
  readonly inResponseTo: string
  readonly nameId: string
  readonly nameIdFormat: string | undefined
  /** The canonical email the NameID is. */
  readonly email: string
  readonly emailDomain: string
  readonly attributes: Readonly<Record<string, readonly string[]>>
  /** Latest instant the assertion may be accepted (for the replay cache). */
  readonly notOnOrAfter: number
  readonly sessionNotOnOrAfter: number | undefined
  readonly authnInstant: number | undefined
  readonly signature: SignatureReport
  readonly encryption: EncryptionReport
}

export interface ACSContext {
  readonly profile: ACSProfile
  readonly now: number
  readonly encoded: string
  /** Hash of the browser's SAML binding cookie, if it sent one. */
  readonly bindingHash: string | undefined
  xml?: string
  doc?: Document
  response?: Element
  /** The EncryptedAssertion, when the assertion came encrypted (until the decrypt check reads it). */
  encryptedAssertion?: Element
  /** The Assertion as received, or as decrypted (for shape checks only; never for identity). */
  receivedAssertion?: Element
  encryption?: EncryptionReport
  /** The Assertion re-parsed from the bytes its signature covers (I3). */
  signedAssertion?: Element
  /** The Response re-parsed from signed bytes, when it is signed. */
  signedResponse?: Element
  signature?: SignatureReport
  inResponseTo?: string
  bearerNotOnOrAfter?: number
  notOnOrAfter?: number
  nameId?: { value: string; format: string | undefined; email: string; domain: string }
  pending?: PendingRequestMatch
  userId?: string
  /** Full signature verifications tried (each parses and canonicalizes the document): bounded. */
  signatureAttempts: number
}

/** Reads what an earlier check must have set; a missing value is a pipeline-order bug. */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new TypeError(`ACS pipeline: ${what} is not established yet`)
  return value
}

/** The envelope to read Destination, Status and InResponseTo from: signed bytes when there are some. */
export function envelope(ctx: ACSContext): Element {
  return ctx.signedResponse ?? need(ctx.response, 'response')
}

export function fail(code: ConstructorParameters<typeof AppError>[0], detail: string): AppError {
  return new AppError(code, { detail })
}
