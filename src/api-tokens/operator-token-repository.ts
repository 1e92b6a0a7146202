/** Storage interface for operator tokens; only hashes are stored. */
import type { OperatorToken } from './operator-token.ts'

export interface OperatorTokenRepository {
  insert(token: OperatorToken): Promise<void>
  /** Every operator token, revoked ones included, oldest first. */
  list(): Promise<OperatorToken[]>
  findById(tokenId: string): Promise<OperatorToken | undefined>
  findActiveByHash(tokenHash: string): Promise<OperatorToken | undefined>
  /** False when there is no such live token. */
  revoke(tokenId: string, now: number): Promise<boolean>
  /** Records use at `now` unless it was recorded less than `resolutionMs` ago. */
  touch(tokenId: string, now: number, resolutionMs: number): Promise<void>
}
