/** Builders for domain objects used by several suites; each call yields fresh ids and emails. */
import { randomBytes } from 'node:crypto'
import type { Organization } from '../../src/orgs/organization.ts'
import { newId } from '../../src/platform/random.ts'
import type { User } from '../../src/users/user.ts'
import type { Domain } from '../../src/domains/domain.ts'
import type { PinnedCertificate } from '../../src/saml/certificates.ts'
import type { SSOProfile } from '../../src/sso-profiles/sso-profile.ts'

export function uniqueEmail(domain = 'example.test'): string {
  return `user-${randomBytes(6).toString('hex')}@${domain}`
}

export function buildOrganization(overrides: Partial<Organization> = {}): Organization {
  const now = Date.now()
  return {
    id: newId(),
    name: 'Acme',
    settings: {},
    externalId: null,
    features: ['sso', 'scim', 'import'],
    status: 'active',
    suspendedAt: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  }
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
    locale: null,
    roleFrom: null,
    idpGroups: null,
    version: 1,
    ...overrides,
  }
}

/** A verified domain of `orgId`, not enforced, served by no profile, unless overridden. */
export function buildDomain(orgId: string, overrides: Partial<Domain> = {}): Domain {
  const now = Date.now()
  return {
    id: newId(),
    orgId,
    name: 'orga.test',
    status: 'verified',
    verificationToken: 'token',
    verifiedAt: now,
    lastCheckedAt: now,
    uncertainSince: null,
    ssoProfileId: null,
    enforcedAt: null,
    createdAt: now,
    updatedAt: now,
    verifiedBy: overrides.status === 'unverified' ? null : 'dns',
    ...overrides,
  }
}

/** A pinned certificate record (no real key needed by the rules that read it). */
export function buildCertificate(overrides: Partial<PinnedCertificate> = {}): PinnedCertificate {
  return {
    pem: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n',
    sha256Fingerprint: 'AA:BB',
    notBefore: 0,
    notAfter: Date.UTC(2100, 0, 1),
    subject: 'CN=idp',
    ...overrides,
  }
}

/** An active SSO profile of `orgId` that can sign users in and passed a connection test. */
export function buildProfile(orgId: string, overrides: Partial<SSOProfile> = {}): SSOProfile {
  const now = Date.now()
  return {
    id: newId(),
    orgId,
    name: 'IdP',
    status: 'active',
    lastTestPassedAt: now,
    idpEntityId: 'https://idp.test',
    idpSsoUrl: 'https://idp.test/sso',
    idpMetadataUrl: null,
    idpMetadataXml: null,
    idpMetadataFetchedAt: null,
    idpMetadataValidUntil: null,
    idpMetadataNextRefreshAt: null,
    idpMetadataError: null,
    certificates: [buildCertificate()],
    signRequests: false,
    signaturePolicy: 'assertion',
    assertionEncryption: 'off',
    clockSkewSeconds: 120,
    attributeMapping: {},
    defaultClientId: null,
    metadataChangePolicy: 'apply',
    idpProduct: null,
    stagedMetadata: null,
    lastTestAt: now,
    lastTestResult: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  }
}
