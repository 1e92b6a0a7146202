/** A user as the Admin API and the event log show it (never the password hash). */
import type { User } from './user.ts'

export function describeUser(user: User) {
  const iso = (ms: number) => new Date(ms).toISOString()
  return {
    id: user.id,
    email: user.email,
    givenName: user.givenName,
    familyName: user.familyName,
    displayName: user.displayName,
    externalId: user.externalId,
    status: user.status,
    role: user.role,
    // Issue 28: where the role came from, when the IdP's groups gave it (null: set by hand).
    roleFrom: user.roleFrom === null ? null : { mapping: true, rule: user.roleFrom.rule },
    ssoOverride: user.ssoOverride,
    createdAt: iso(user.createdAt),
    updatedAt: iso(user.updatedAt),
    lastLoginAt: user.lastLoginAt === null ? null : iso(user.lastLoginAt),
  }
}
