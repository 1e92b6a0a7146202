/** Storage interface for authorization codes. */
import type { AuthCode } from './auth-code.ts'

export interface AuthCodeRepository {
  insert(code: AuthCode): Promise<void>
  /**
   * Consumes the code atomically (STYLE rule 12): returns it when this call was the one that consumed
   * it, undefined when it is unknown or was consumed before.
   */
  consume(codeHash: string, now: number): Promise<AuthCode | undefined>
  find(codeHash: string): Promise<AuthCode | undefined>
  revokeAllForUser(orgId: string, userId: string, now: number): Promise<number>
  revokeAllForOrg(orgId: string, now: number): Promise<number>
}
