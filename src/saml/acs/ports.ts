/** What the async ACS checks need from storage; the service binds these to one transaction. */
import type { Actor } from '../../audit/audit-event.ts'
import type { DecryptionKey } from '../encryption/decrypt.ts'

export interface PendingRequestMatch {
  readonly requestId: string
  readonly profileId: string
  /** What the login was for: an OIDC login transaction, a connection test, or an IdP-initiated landing. */
  readonly purpose: string
  readonly loginTransactionId: string | null
  /** Who started it, for a connection test (audited as theirs); null or absent otherwise. */
  readonly startedBy?: Actor | null
}

export interface ACSPorts {
  /**
   * Consumes, atomically, the unexpired pending AuthnRequest `requestId` of `profileId` issued to the
   * browser whose binding secret hashes to `bindingHash`; undefined when there is none (PRO-03, FLOW-02).
   */
  consumePendingRequest(
    profileId: string,
    requestId: string,
    bindingHash: string | undefined,
    now: number,
  ): Promise<PendingRequestMatch | undefined>
  /** Remembers an assertion ID until `expiresAt`; false when it was seen before (PRO-01, PRO-02). */
  recordAssertion(
    issuer: string,
    assertionId: string,
    expiresAt: number,
    now: number,
  ): Promise<boolean>
  findUser(
    orgId: string,
    emailCanonical: string,
  ): Promise<{ id: string; status: string; ssoOverride: string } | undefined>
  isVerifiedDomain(orgId: string, domain: string): Promise<boolean>
  /** The SP's assertion-decryption keys (active, then those kept for a rotation's overlap). */
  decryptionKeys(): Promise<readonly DecryptionKey[]>
}
