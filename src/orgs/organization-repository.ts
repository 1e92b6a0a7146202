/** Storage interface for organizations. */
import type { Organization } from './organization.ts'

export interface OrganizationRepository {
  insert(org: Organization): Promise<void>
  findById(orgId: string): Promise<Organization | undefined>
}
