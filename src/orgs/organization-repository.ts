/** Storage interface for organizations. */
import type { Organization } from './organization.ts'

export interface OrganizationRepository {
  insert(org: Organization): Promise<void>
  findById(orgId: string): Promise<Organization | undefined>
  /**
   * Takes the organization's row for the rest of the transaction (a no-op write): a concurrent change
   * of its settings waits here (PostgreSQL; SQLite serialises writers anyway) and then reads what the
   * first one committed. False when there is no such organization.
   */
  lockForChange(orgId: string): Promise<boolean>
  updateSettings(
    orgId: string,
    settings: Readonly<Record<string, unknown>>,
    now: number,
  ): Promise<void>
}
