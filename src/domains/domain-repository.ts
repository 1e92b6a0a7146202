/** Storage interface for domains, as far as login needs them. */
import type { DomainLoginFacts } from './domain.ts'

export interface DomainRepository {
  /**
   * The verified (or in-grace) domain with this canonical name, in whichever organization verified it:
   * a domain is verified by at most one organization (SPEC §2), so the name alone decides.
   */
  findVerifiedByName(name: string): Promise<DomainLoginFacts | undefined>
}
