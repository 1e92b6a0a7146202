/** Storage interface for access tokens. */
import type { AccessToken } from './access-token.ts'

export interface AccessTokenRepository {
  insert(token: AccessToken): Promise<void>
  findActive(tokenHash: string, now: number): Promise<AccessToken | undefined>
  revokeByCode(codeHash: string, now: number): Promise<number>
  revokeBySession(sessionSid: string, now: number): Promise<number>
  revokeAllForUser(orgId: string, userId: string, now: number): Promise<number>
  revokeAllForOrg(orgId: string, now: number): Promise<number>
}
