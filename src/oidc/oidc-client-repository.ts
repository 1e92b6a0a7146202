/** Storage interface for OIDC clients (operator-level, not organization-owned). */
import type { OIDCClient } from './oidc-client.ts'

export interface OIDCClientRepository {
  insert(client: OIDCClient): Promise<void>
  /** Inserts, or replaces the name and URIs of, a client with this id (built-in clients). */
  upsert(client: OIDCClient): Promise<void>
  findById(clientId: string): Promise<OIDCClient | undefined>
  /** Up to `limit` clients that have an initiate-login URI, except `excludeId`. */
  withInitiateLoginUri(limit: number, excludeId: string): Promise<OIDCClient[]>
  /** Every client, oldest first (a deployment registers a few). */
  list(): Promise<OIDCClient[]>
  /**
   * Takes the client's row for the rest of the transaction (a no-op write), so concurrent changes of
   * one client apply one after the other. False when there is no such client.
   */
  lockForChange(clientId: string): Promise<boolean>
  /** Replaces the stored client with this one (same id). */
  update(client: OIDCClient): Promise<void>
  /** False when there was no such client. */
  delete(clientId: string): Promise<boolean>
}
