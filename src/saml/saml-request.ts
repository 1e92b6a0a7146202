/** Pending AuthnRequests: who may answer (profile, browser), for what, until when. */
import type { Actor } from '../audit/audit-event.ts'

export const SAML_REQUEST_PURPOSES = ['login', 'test', 'test_staged', 'idp_initiated'] as const
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
  /** The administrator who started a connection test (purpose `test`); null otherwise. */
  readonly actor: Actor | null
}

/** A connection test started through the Admin API, waiting for its browser leg. */
export interface TestTicket {
  readonly ticketHash: string
  readonly orgId: string
  readonly profileId: string
  /** Hash of the admin session that started it; null when an API token did (no browser of theirs). */
  readonly sessionHash: string | null
  /** `test_staged`: a test of metadata held for approval; passing it applies that metadata. */
  readonly purpose: 'test' | 'test_staged'
  readonly actor: Actor
  readonly createdAt: number
  readonly expiresAt: number
}

/** How long the IdP has to answer (SECURITY-CASES PRO-03 suggests 10 minutes). */
export const SAML_REQUEST_TTL_MS = 10 * 60_000
