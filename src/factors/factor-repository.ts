/** Storage interface for second factors and recovery codes. */
import type { SecondFactor } from './second-factor.ts'

export interface FactorRepository {
  insert(factor: SecondFactor): Promise<void>
  find(orgId: string, factorId: string): Promise<SecondFactor | undefined>
  /** A user's factors, oldest first (unconfirmed ones too). */
  listForUser(orgId: string, userId: string): Promise<SecondFactor[]>
  /** The factor with this WebAuthn credential id, in any organization. */
  findByCredentialId(credentialId: string): Promise<SecondFactor | undefined>
  /** Marks it confirmed at `at`; false when it was confirmed already or is gone. */
  confirm(orgId: string, factorId: string, at: number): Promise<boolean>
  rename(orgId: string, factorId: string, name: string): Promise<boolean>
  delete(orgId: string, factorId: string): Promise<boolean>
  /** Removes every factor and recovery code of the user (an admin's reset); returns how many factors. */
  deleteAllForUser(orgId: string, userId: string): Promise<number>
  /** Forgets unconfirmed factors made before `before`. */
  sweepUnconfirmed(before: number): Promise<number>
  /**
   * Records that a TOTP code of `step` was accepted — one statement, true only when no code of this step
   * or a later one was accepted before (of two requests with one code, on any instances, one wins).
   */
  useTotpStep(orgId: string, factorId: string, step: number, at: number): Promise<boolean>
  /**
   * Records a WebAuthn assertion: the new signature counter, when the stored one is lower (or both are 0,
   * authenticators that keep none) — false otherwise (a cloned authenticator, or a replay).
   */
  usePasskey(orgId: string, factorId: string, signCount: number, at: number): Promise<boolean>

  /** Replaces the user's recovery codes with these hashes (old ones stop working). */
  replaceRecoveryCodes(
    orgId: string,
    userId: string,
    hashes: readonly string[],
    at: number,
  ): Promise<void>
  /** Uses one recovery code — one statement: true for the one request that gets it. */
  useRecoveryCode(orgId: string, userId: string, hash: string, at: number): Promise<boolean>
  /** How many unused recovery codes the user has. */
  countRecoveryCodes(orgId: string, userId: string): Promise<number>
}
