/**
 * Ending everything a user holds, in the caller's transaction (SPEC §3.11, SECURITY-CASES SCIM-08):
 * sessions, pending codes, access tokens and invitation links. Deactivation by an admin and by SCIM both
 * go through here, so access ends at once, not when something expires.
 */
import type { SessionRepository } from '../sessions/session-repository.ts'
import type { AccessTokenRepository } from '../oidc/access-token-repository.ts'
import type { AuthCodeRepository } from '../oidc/auth-code-repository.ts'
import type { InvitationRepository } from './invitation-repository.ts'

export interface RevokeAccessRepos {
  readonly sessions: SessionRepository
  readonly authCodes: AuthCodeRepository
  readonly accessTokens: AccessTokenRepository
  readonly invitations: InvitationRepository
}

export async function revokeAccess(
  repos: RevokeAccessRepos,
  orgId: string,
  userId: string,
  now: number,
): Promise<{ sessions: number; codes: number; accessTokens: number; invitations: number }> {
  return {
    sessions: await repos.sessions.revokeAllForUser(orgId, userId, now),
    codes: await repos.authCodes.revokeAllForUser(orgId, userId, now),
    accessTokens: await repos.accessTokens.revokeAllForUser(orgId, userId, now),
    invitations: await repos.invitations.revokePending(orgId, userId),
  }
}
