/**
 * At every SAML sign-in, the user's names follow the IdP through the profile's attribute mapping, read
 * from the signed assertion only: changed names are written and audited (`user.names_updated`, old →
 * new); values that cannot be names are left out and reported, never blocking the sign-in. Never the
 * email (the NameID) and nothing about access.
 */
import type { Actor } from '../../audit/audit-event.ts'
import { userEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import type { Clock } from '../../platform/clock.ts'
import type { User } from '../../users/user.ts'
import type { UserRepository, UserUpdate } from '../../users/user-repository.ts'
import { mapNames, NAME_FIELDS, type MappedNames } from '../../sso-profiles/attribute-mapping.ts'
import type { SSOProfile } from '../../sso-profiles/sso-profile.ts'

export async function applyMappedNames(
  repos: { readonly users: UserRepository; readonly audit: AuditRepository },
  clock: Clock,
  profile: SSOProfile,
  user: User,
  attributes: Readonly<Record<string, readonly string[]>>,
  actor: Actor,
): Promise<MappedNames['ignored']> {
  const { names, ignored } = mapNames(profile.attributeMapping, attributes)
  const changes: Record<string, { from: string | null; to: string }> = {}
  const update: Record<string, string> = {}
  for (const field of NAME_FIELDS) {
    const value = names[field]
    if (value !== undefined && value !== user[field]) {
      changes[field] = { from: user[field], to: value }
      update[field] = value
    }
  }
  if (Object.keys(update).length > 0) {
    await repos.users.update(user.orgId, user.id, update as UserUpdate, clock.now())
    await repos.audit.insert(
      userEvent(clock, {
        orgId: user.orgId,
        type: 'user.names_updated',
        actor,
        userId: user.id,
        details: { source: 'saml', ssoProfileId: profile.id, changes },
      }),
    )
  }
  return ignored
}
