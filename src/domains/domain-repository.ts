/** Storage interface for domains; org-owned, so every method but the login and job lookups takes orgId. */
import type { Domain, DomainLoginFacts, DomainStatus } from './domain.ts'

export type DomainUpdate = Partial<
  Pick<
    Domain,
    | 'status'
    | 'verifiedAt'
    | 'verifiedBy'
    | 'lastCheckedAt'
    | 'uncertainSince'
    | 'ssoProfileId'
    | 'enforcedAt'
  >
>

export interface DomainListQuery {
  readonly after: { readonly createdAt: number; readonly id: string } | undefined
  readonly limit: number
  readonly status: DomainStatus | undefined
}

export interface DomainRepository {
  /**
   * The verified (or in-grace) domain with this canonical name, in whichever organization verified it:
   * a domain is verified by at most one organization (SPEC §2), so the name alone decides.
   */
  findVerifiedByName(name: string): Promise<DomainLoginFacts | undefined>
  /** Throws AppError `domain.exists` when the organization has the name already. */
  insert(domain: Domain): Promise<void>
  findById(orgId: string, domainId: string): Promise<Domain | undefined>
  /** All of the organization's domains (an organization has few), by name. */
  listForOrg(orgId: string): Promise<Domain[]>
  /** One page by (createdAt, id); up to `limit + 1` rows so the caller can tell if more follow. */
  listPage(orgId: string, query: DomainListQuery): Promise<Domain[]>
  /** Throws AppError `domain.taken` when verifying a name another organization has verified. */
  update(orgId: string, domainId: string, fields: DomainUpdate, now: number): Promise<void>
  delete(orgId: string, domainId: string): Promise<boolean>
  /** System job: verified or in-grace domains last checked at or before `checkedBefore`, any org. */
  listDueForRecheck(checkedBefore: number, limit: number): Promise<Domain[]>
}
