/**
 * Connection-test tickets (SPEC §4): the Admin API hands out a single-use URL; the browser that opens it
 * runs a test-mode login against the profile's IdP (see `sso-start-service.ts` and the ACS).
 */
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { AppError } from '../../errors/app-error.ts'
import type { Clock } from '../../platform/clock.ts'
import { hashSecret } from '../../platform/crypto.ts'
import { newSecret } from '../../platform/random.ts'
import type { Store } from '../../platform/store.ts'
import type { SAMLRequestRepository } from '../../saml/saml-request-repository.ts'
import { isUsable, type SSOProfile } from '../../sso-profiles/sso-profile.ts'
import { withStagedMetadata } from '../../sso-profiles/staged-metadata.ts'

export const TEST_TICKET_TTL_MS = 10 * 60_000

export interface TestTicketDeps {
  readonly store: Store<{ samlRequests: SAMLRequestRepository; audit: AuditRepository }>
  readonly clock: Clock
  readonly publicUrl: string
}

/**
 * A single-use ticket for a browser to run a connection test (returned as a URL by the API). Started
 * from an admin session (`sessionHash`), it opens only in that browser; from an API token, the browser
 * is first shown where the test leads.
 */
export async function startConnectionTest(
  deps: TestTicketDeps,
  profile: SSOProfile,
  actor: Actor,
  sessionHash: string | null,
  /** `test_staged`: test the metadata held for approval; passing the test applies it. */
  purpose: 'test' | 'test_staged' = 'test',
): Promise<string> {
  const { store, clock, publicUrl } = deps
  const { orgId, id: profileId } = profile
  const tested = purpose === 'test' ? profile : withStagedMetadata(profile, clock.now())
  if (!isUsable(tested, clock.now())) throw new AppError('sso.incomplete')
  const ticket = newSecret('sst_')
  const now = clock.now()
  await store.transaction(async (repos) => {
    await repos.samlRequests.insertTestTicket({
      ticketHash: hashSecret(ticket),
      orgId,
      profileId,
      sessionHash,
      purpose,
      actor: { type: actor.type, id: actor.id },
      createdAt: now,
      expiresAt: now + TEST_TICKET_TTL_MS,
    })
    await repos.audit.insert(
      auditEvent(clock, {
        orgId,
        type: 'sso.test_started',
        outcome: 'success',
        actor,
        target: { type: 'sso_profile', id: profileId },
        details: { staged: purpose !== 'test' },
      }),
    )
  })
  return `${publicUrl}/saml/${encodeURIComponent(profileId)}/test?ticket=${encodeURIComponent(ticket)}`
}
