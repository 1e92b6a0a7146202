/**
 * Invitations (SPEC §3.10): a single-use, expiring link that lets a new user set a password.
 * Only the token's hash is stored; the link is shown once to whoever created the user.
 */
import type { Clock } from '../platform/clock.ts'
import { hashSecret } from '../platform/crypto.ts'
import { newId, newSecret } from '../platform/random.ts'

export interface Invitation {
  readonly id: string
  readonly orgId: string
  readonly userId: string
  readonly tokenHash: string
  readonly createdAt: number
  readonly expiresAt: number
  readonly consumedAt: number | null
}

export interface IssuedInvitation {
  readonly invitation: Invitation
  /** The secret for the link; never stored. */
  readonly token: string
}

export function issueInvitation(
  clock: Clock,
  ttlMs: number,
  orgId: string,
  userId: string,
): IssuedInvitation {
  const token = newSecret('inv_')
  const now = clock.now()
  return {
    token,
    invitation: {
      id: newId(),
      orgId,
      userId,
      tokenHash: hashSecret(token),
      createdAt: now,
      expiresAt: now + ttlMs,
      consumedAt: null,
    },
  }
}

export function invitationURL(publicUrl: string, token: string): string {
  return `${publicUrl}/invite/${encodeURIComponent(token)}`
}

export const EMAIL_DELIVERIES = ['sent', 'failed', 'not_configured'] as const
export type EmailDelivery = (typeof EMAIL_DELIVERIES)[number]
