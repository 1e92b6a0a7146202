/**
 * Setup links (issue 23): the operator's console sends a customer's admin to one page of the Admin
 * Center. A link is single-use, short-lived and bound to its organization; it never grants access by
 * itself — whoever opens it still signs in, and lands there only as an admin of that organization.
 */
import { AppError } from '../errors/app-error.ts'

export const SETUP_INTENTS = ['sso', 'domains', 'scim', 'users'] as const
export type SetupIntent = (typeof SETUP_INTENTS)[number]

/** Where each intent lands in the Admin Center. */
export const SETUP_PAGES: Readonly<Record<SetupIntent, string>> = {
  sso: '/admin/sso',
  domains: '/admin/domains',
  scim: '/admin/tokens',
  users: '/admin/users',
}

export const DEFAULT_SETUP_LINK_TTL_MS = 5 * 60_000
export const MAX_SETUP_LINK_TTL_MS = 3600_000

export interface SetupLink {
  /** SHA-256 of the link's secret; the secret itself is only in the URL handed out once. */
  readonly idHash: string
  readonly orgId: string
  readonly intent: SetupIntent
  /** Where the Admin Center's "back to the console" goes: one of a registered client's URIs. */
  readonly returnUrl: string | null
  readonly createdAt: number
  /** The operator token that made it. */
  readonly createdById: string | null
  readonly expiresAt: number
  readonly usedAt: number | null
}

export function validateIntent(input: unknown): SetupIntent {
  if (!(SETUP_INTENTS as readonly unknown[]).includes(input)) {
    throw new AppError('setup_link.invalid_intent', { details: { field: 'intent' } })
  }
  return input as SetupIntent
}

/** The path of a setup link: `/admin/setup/{secret}`. */
export function setupLinkURL(publicUrl: string, secret: string): string {
  return `${publicUrl}/admin/setup/${encodeURIComponent(secret)}`
}
