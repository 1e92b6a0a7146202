/** Storage interface for users; every read is scoped by organization (STYLE rule 7). */
import type { User } from './user.ts'

export interface UserRepository {
  /** Throws AppError `user.email_taken` when the canonical email exists anywhere in the deployment. */
  insert(user: User): Promise<void>
  findById(orgId: string, userId: string): Promise<User | undefined>
  findByEmail(orgId: string, emailCanonical: string): Promise<User | undefined>
}
