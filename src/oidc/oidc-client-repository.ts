/** Storage interface for OIDC clients (operator-level, not organization-owned). */
import type { OIDCClient } from './oidc-client.ts'

export interface OIDCClientRepository {
  insert(client: OIDCClient): Promise<void>
  /** Inserts, or replaces the name and URIs of, a client with this id (built-in clients). */
  upsert(client: OIDCClient): Promise<void>
  findById(clientId: string): Promise<OIDCClient | undefined>
  /** Up to `limit` clients that have an initiate-login URI, except `excludeId`. */
  withInitiateLoginUri(limit: number, excludeId: string): Promise<OIDCClient[]>
}
