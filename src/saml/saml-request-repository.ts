/** Storage interface for pending AuthnRequests and the assertion replay cache. */
import type { SAMLRequest, TestTicket } from './saml-request.ts'

export interface SAMLRequestRepository {
  insert(request: SAMLRequest): Promise<void>
  /** The unconsumed, unexpired request `id` of `profileId` for this browser, without consuming it. */
  findPending(
    profileId: string,
    id: string,
    bindingHash: string,
    now: number,
  ): Promise<SAMLRequest | undefined>
  /** Consumes it atomically (STYLE rule 12); undefined when there is none to consume. */
  consume(
    profileId: string,
    id: string,
    bindingHash: string,
    now: number,
  ): Promise<SAMLRequest | undefined>
  /** Records an assertion ID; false when the (issuer, ID) pair was recorded before. */
  recordAssertion(issuer: string, assertionId: string, expiresAt: number): Promise<boolean>
  insertTestTicket(ticket: TestTicket): Promise<void>
  /** The unconsumed, unexpired ticket with this hash, without consuming it. */
  findTestTicket(ticketHash: string, now: number): Promise<TestTicket | undefined>
  /** Consumes a test ticket atomically; undefined when it was used or expired. */
  consumeTestTicket(ticketHash: string, now: number): Promise<TestTicket | undefined>
}
