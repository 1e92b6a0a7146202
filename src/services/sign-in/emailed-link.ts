/**
 * Links mailed to a person — an invitation, a password reset: single-use, expiring, only their token's
 * hash stored (`users/invitation.ts`). Both kinds are read and consumed the same way; each kind says
 * which users its link may still serve (an invitation: anyone not deactivated; a reset: active users).
 */
import { hashSecret } from '../../platform/crypto.ts'
import type { InvitationRepository } from '../../users/invitation-repository.ts'
import type { User } from '../../users/user.ts'
import type { UserRepository } from '../../users/user-repository.ts'

/** Longer tokens are not ours: they are not even looked up. */
const MAX_TOKEN_LENGTH = 200

/** The user a usable link names, if it may still serve them at `now`. */
export async function linkHolder(
  repos: { readonly links: InvitationRepository; readonly users: UserRepository },
  token: string | undefined,
  now: number,
  serves: (user: User) => boolean,
): Promise<User | undefined> {
  if (token === undefined || token.length > MAX_TOKEN_LENGTH) return undefined
  const link = await repos.links.findUsable(hashSecret(token), now)
  const user = link && (await repos.users.findById(link.orgId, link.userId))
  return user !== undefined && serves(user) ? user : undefined
}

/**
 * Consumes the link atomically (one `UPDATE … WHERE consumed_at IS NULL`) in the caller's transaction;
 * the user it named, read again, when it was `expected` and may still be served — undefined otherwise
 * (used meanwhile, expired, another user's).
 */
export async function consumeLink(
  repos: { readonly links: InvitationRepository; readonly users: UserRepository },
  token: string | undefined,
  now: number,
  expected: User,
  serves: (user: User) => boolean,
): Promise<User | undefined> {
  const link = await repos.links.consume(hashSecret(token ?? ''), now)
  if (link === undefined || link.userId !== expected.id) return undefined
  const user = await repos.users.findById(link.orgId, link.userId)
  return user !== undefined && serves(user) ? user : undefined
}
