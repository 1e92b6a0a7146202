/**
 * Ending everything a user holds, in the caller's transaction (SPEC §3.11, SECURITY-CASES SCIM-08):
 * sessions, pending codes, access tokens, invitation and password-reset links, and the browsers they
 * signed in from (known devices). Deactivation by an
 * admin and by SCIM both go through here, so access ends at once, not when something expires.
 * And ending the Admin API tokens a user made when the user loses the rights the tokens act with.
 */
import type { BearerTokenRepository } from '../../api-tokens/api-token-repository.ts'
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import type { EventRepository } from '../../events/event-repository.ts'
import type { Clock } from '../../platform/clock.ts'
import type { SessionEndReason } from '../../sessions/session.ts'
import type { SessionRepository } from '../../sessions/session-repository.ts'
import type { KnownDeviceRepository } from '../../sessions/known-device-repository.ts'
import type { AccessTokenRepository } from '../../oidc/access-token-repository.ts'
import type { AuthCodeRepository } from '../../oidc/auth-code-repository.ts'
import type { InvitationRepository } from '../../users/invitation-repository.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import { recordEndedSessions } from './ended-sessions.ts'

export interface RevokeAccessRepos {
  readonly sessions: SessionRepository
  readonly authCodes: AuthCodeRepository
  readonly accessTokens: AccessTokenRepository
  readonly invitations: InvitationRepository
  readonly passwordResets: InvitationRepository
  readonly knownDevices: KnownDeviceRepository
  readonly events: EventRepository
}

export async function revokeAccess(
  repos: RevokeAccessRepos,
  orgId: string,
  userId: string,
  now: number,
  ending: { readonly reason: SessionEndReason; readonly actor: Actor },
): Promise<{
  sessions: number
  codes: number
  accessTokens: number
  invitations: number
  resetLinks: number
  knownDevices: number
}> {
  return {
    sessions: await recordEndedSessions(repos.events, {
      orgId,
      sessions: await repos.sessions.revokeAllForUser(orgId, userId, now),
      at: now,
      ...ending,
    }),
    codes: await repos.authCodes.revokeAllForUser(orgId, userId, now),
    accessTokens: await repos.accessTokens.revokeAllForUser(orgId, userId, now),
    invitations: await repos.invitations.revokePending(orgId, userId),
    // A reset link must not outlive a deactivation and work again after a reactivation.
    resetLinks: await repos.passwordResets.revokePending(orgId, userId),
    // The browsers they signed in from no longer pass the account-wide login slow-down.
    knownDevices: await repos.knownDevices.forgetUser(orgId, userId),
  }
}

/** Why a user's Admin API tokens were revoked with them (the audit event's `details.reason`). */
export const MAKER_REVOCATION_REASONS = [
  'maker_deactivated',
  'maker_demoted',
  'maker_deleted',
  'maker_moved',
] as const
export type MakerRevocationReason = (typeof MAKER_REVOCATION_REASONS)[number]

/**
 * Revokes the live Admin API tokens `userId` made (they act as their maker), each audited as
 * `api_token.revoked` with the reason; returns how many. Tokens made by the operator are not touched.
 * The Admin API also checks the maker at every request, so a token made while this ran cannot outlive it.
 */
export async function revokeTokensMadeBy(
  repos: { readonly apiTokens: BearerTokenRepository; readonly audit: AuditRepository },
  clock: Clock,
  change: {
    readonly orgId: string
    readonly userId: string
    readonly actor: Actor
    readonly reason: MakerRevocationReason
  },
): Promise<number> {
  const revoked = await repos.apiTokens.revokeMadeBy(change.orgId, change.userId, clock.now())
  for (const token of revoked) {
    await repos.audit.insert(
      auditEvent(clock, {
        orgId: change.orgId,
        type: 'api_token.revoked',
        outcome: 'success',
        actor: change.actor,
        target: { type: 'api_token', id: token.id },
        details: { name: token.name, reason: change.reason, makerId: change.userId },
      }),
    )
  }
  return revoked.length
}

/**
 * Deactivation, the one way for every door (Admin API, SCIM `active=false`): the status, everything the
 * user holds (`revokeAccess`) and the Admin API tokens they made, in the caller's transaction. Returns
 * what ended, for the caller's audit event.
 */
export async function deactivate(
  repos: RevokeAccessRepos & {
    readonly users: UserRepository
    readonly apiTokens: BearerTokenRepository
    readonly audit: AuditRepository
  },
  clock: Clock,
  change: { readonly orgId: string; readonly userId: string; readonly actor: Actor },
): Promise<Awaited<ReturnType<typeof revokeAccess>> & { apiTokens: number }> {
  const now = clock.now()
  await repos.users.setStatus(change.orgId, change.userId, 'deactivated', now)
  return {
    ...(await revokeAccess(repos, change.orgId, change.userId, now, {
      reason: 'deactivation',
      actor: change.actor,
    })),
    apiTokens: await revokeTokensMadeBy(repos, clock, { ...change, reason: 'maker_deactivated' }),
  }
}
