/** A domain as the Admin API and the event log show it, with the TXT record that verifies it. */
import type { Domain, VerificationRecord } from './domain.ts'

export function describeDomain(domain: Domain, verification: VerificationRecord) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  return {
    id: domain.id,
    name: domain.name,
    status: domain.status,
    verification,
    verifiedAt: iso(domain.verifiedAt),
    verifiedBy: domain.verifiedBy,
    lastCheckedAt: iso(domain.lastCheckedAt),
    uncertainSince: iso(domain.uncertainSince),
    ssoProfileId: domain.ssoProfileId,
    enforced: domain.enforcedAt !== null,
    createdAt: new Date(domain.createdAt).toISOString(),
  }
}
