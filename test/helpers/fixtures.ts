/** Builders for domain objects used by several suites; each call yields fresh ids and emails. */
import { randomBytes } from 'node:crypto'
import type { Organization } from '../../src/orgs/organization.ts'
import { newId } from '../../src/platform/random.ts'
import type { User } from '../../src/users/user.ts'

export function uniqueEmail(domain = 'example.test'): string {
  return `user-${randomBytes(6).toString('hex')}@${domain}`
}

export function buildOrganization(overrides: Partial<Organization> = {}): Organization {
  const now = Date.now()
  return { id: newId(), name: 'Acme', settings: {}, createdAt: now, updatedAt: now, ...overrides }
}

export function buildUser(orgId: string, overrides: Partial<User> = {}): User {
  const now = Date.now()
  const email = overrides.email ?? uniqueEmail()
  return {
    id: newId(),
    orgId,
    email,
    emailCanonical: email.toLowerCase(),
    givenName: null,
    familyName: null,
    displayName: null,
    externalId: null,
    status: 'invited',
    role: 'member',
    passwordHash: null,
    ssoOverride: 'none',
    createdAt: now,
    updatedAt: now,
    lastLoginAt: null,
    version: 1,
    ...overrides,
  }
}
