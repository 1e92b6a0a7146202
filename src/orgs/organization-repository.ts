/** Storage interface for organizations. */
import type { Organization } from './organization.ts'

export interface OrganizationRepository {
  insert(org: Organization): Promise<void>
  findById(orgId: string): Promise<Organization | undefined>
  updateSettings(
    orgId: string,
    settings: Readonly<Record<string, unknown>>,
    now: number,
  ): Promise<void>
}
