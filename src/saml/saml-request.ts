/** Pending AuthnRequests: who may answer (profile, browser), for what, until when. */

export const SAML_REQUEST_PURPOSES = ['login', 'test', 'idp_initiated'] as const
export type SAMLRequestPurpose = (typeof SAML_REQUEST_PURPOSES)[number]

export interface SAMLRequest {
  readonly id: string
  readonly orgId: string
  readonly profileId: string
  readonly bindingHash: string
  readonly purpose: SAMLRequestPurpose
  readonly loginTransactionId: string | null
  readonly createdAt: number
  readonly expiresAt: number
  readonly consumedAt: number | null
}

/** How long the IdP has to answer (SECURITY-CASES PRO-03 suggests 10 minutes). */
export const SAML_REQUEST_TTL_MS = 10 * 60_000
