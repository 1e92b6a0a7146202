/** Storage interface for OIDC clients (operator-level, not organization-owned). */
import type { OIDCClient } from './oidc-client.ts'

export interface OIDCClientRepository {
  insert(client: OIDCClient): Promise<void>
  findById(clientId: string): Promise<OIDCClient | undefined>
}
