/** Storage interface for login transactions. */
import type { LoginTransaction } from './login-transaction.ts'
import type { SecondFactorMethod } from '../sessions/session.ts'

export interface LoginTransactionRepository {
  insert(transaction: LoginTransaction): Promise<void>
  find(id: string): Promise<LoginTransaction | undefined>
  /** Sets the email, forgetting a password proved for another one. */
  setEmail(id: string, email: string): Promise<void>
  /** The password was right for `userId` at `at`: the second factor is asked next. */
  markFirstFactor(id: string, userId: string, at: number): Promise<void>
  /** `userId`, past their password here, enrolled and proved a factor; false when that no longer holds. */
  markEnrolled(id: string, userId: string, method: SecondFactorMethod): Promise<boolean>
  /** Marks the transaction completed, atomically; false when it already was (STYLE rule 12). */
  complete(id: string, now: number): Promise<boolean>
}
