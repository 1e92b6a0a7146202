/** Storage of an organization's role mapping (issue 28): one row, replaced whole. */
import type { RoleMapping } from './role-mapping.ts'

export interface RoleMappingRepository {
  /** The organization's mapping; off with no rules when it never saved one. */
  find(orgId: string): Promise<RoleMapping>
  save(orgId: string, mapping: RoleMapping, now: number): Promise<void>
}
