/** Managed users (SPEC §2): types and the value sets their fields take. */

export const USER_STATUSES = ['invited', 'active', 'deactivated'] as const
export type UserStatus = (typeof USER_STATUSES)[number]

export const ROLES = ['owner', 'admin', 'member'] as const
export type Role = (typeof ROLES)[number]

export const SSO_OVERRIDES = ['none', 'enabled', 'disabled'] as const
export type SSOOverride = (typeof SSO_OVERRIDES)[number]

export interface User {
  readonly id: string
  readonly orgId: string
  readonly email: string
  readonly emailCanonical: string
  readonly givenName: string | null
  readonly familyName: string | null
  readonly displayName: string | null
  readonly externalId: string | null
  readonly status: UserStatus
  readonly role: Role
  readonly passwordHash: string | null
  readonly ssoOverride: SSOOverride
  readonly createdAt: number
  readonly updatedAt: number
  readonly lastLoginAt: number | null
}
