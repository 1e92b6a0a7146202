/** Storage interface for login transactions. */
import type { LoginTransaction } from './login-transaction.ts'

export interface LoginTransactionRepository {
  insert(transaction: LoginTransaction): Promise<void>
  find(id: string): Promise<LoginTransaction | undefined>
  setEmail(id: string, email: string): Promise<void>
  /** Marks the transaction completed, atomically; false when it already was (STYLE rule 12). */
  complete(id: string, now: number): Promise<boolean>
}
