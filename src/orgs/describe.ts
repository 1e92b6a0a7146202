/** What the operator API and the CLI show of an organization. */
import type { Organization } from './organization.ts'

export function describeOrganization(org: Organization) {
  return {
    id: org.id,
    name: org.name,
    externalId: org.externalId,
    features: org.features,
    status: org.status,
    suspendedAt: org.suspendedAt === null ? null : new Date(org.suspendedAt).toISOString(),
    createdAt: new Date(org.createdAt).toISOString(),
    updatedAt: new Date(org.updatedAt).toISOString(),
  }
}
