/** The organization's ways in (SPEC §4 lock-out protection), as a table of organizations. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkAccess, newlyBroken, type AccessFacts } from '../../../src/domains/access.ts'
import { buildDomain, buildProfile, buildUser } from '../../helpers/fixtures.ts'

const ORG = 'org-a'
const NOW = Date.UTC(2026, 11, 6)
const tested = buildProfile(ORG, { id: 'tested' })
const untested = buildProfile(ORG, { id: 'untested', lastTestPassedAt: null })
const owner = (over = {}) =>
  buildUser(ORG, {
    id: 'owner',
    email: 'owner@orga.test',
    role: 'owner',
    status: 'active',
    ...over,
  })
const admin = (over = {}) =>
  buildUser(ORG, {
    id: 'admin',
    email: 'admin@other.test',
    role: 'admin',
    status: 'active',
    ...over,
  })
const facts = (over: Partial<AccessFacts>): AccessFacts => ({
  domains: [],
  profiles: [tested, untested],
  privileged: [owner()],
  now: NOW,
  ...over,
})

describe('domains: checkAccess', () => {
  const cases: [string, AccessFacts, ReturnType<typeof checkAccess>][] = [
    [
      'nothing enforced: everyone keeps a password',
      facts({}),
      { unservedEnforced: [], strandedOwners: [], lockoutRisk: false },
    ],
    [
      'enforced with a tested profile: the owner must use SSO, and nobody else has a password',
      facts({ domains: [buildDomain(ORG, { enforcedAt: NOW, ssoProfileId: 'tested' })] }),
      { unservedEnforced: [], strandedOwners: [], lockoutRisk: true },
    ],
    [
      'enforced with an untested profile: unserved, and the owner stranded',
      facts({ domains: [buildDomain(ORG, { enforcedAt: NOW, ssoProfileId: 'untested' })] }),
      { unservedEnforced: ['orga.test'], strandedOwners: ['owner'], lockoutRisk: true },
    ],
    [
      'enforced, but an admin in another domain keeps a password',
      facts({
        domains: [buildDomain(ORG, { enforcedAt: NOW, ssoProfileId: 'tested' })],
        privileged: [owner(), admin()],
      }),
      { unservedEnforced: [], strandedOwners: [], lockoutRisk: false },
    ],
    [
      'enforced, the owner with SSO disabled keeps a password',
      facts({
        domains: [buildDomain(ORG, { enforcedAt: NOW, ssoProfileId: 'tested' })],
        privileged: [owner({ ssoOverride: 'disabled' })],
      }),
      { unservedEnforced: [], strandedOwners: [], lockoutRisk: false },
    ],
    [
      'an enforced domain past its verification does not count',
      facts({
        domains: [buildDomain(ORG, { status: 'unverified', enforcedAt: NOW, ssoProfileId: null })],
      }),
      { unservedEnforced: [], strandedOwners: [], lockoutRisk: false },
    ],
    [
      'the owner with SSO enabled and no profile for their domain is stranded',
      facts({ privileged: [owner({ ssoOverride: 'enabled' })], domains: [buildDomain(ORG)] }),
      { unservedEnforced: [], strandedOwners: ['owner'], lockoutRisk: true },
    ],
    [
      'a deactivated admin keeps nobody a way in',
      facts({
        domains: [buildDomain(ORG, { enforcedAt: NOW, ssoProfileId: 'tested' })],
        privileged: [owner(), admin({ status: 'deactivated' })],
      }),
      { unservedEnforced: [], strandedOwners: [], lockoutRisk: true },
    ],
  ]
  for (const [name, given, expected] of cases) {
    it(name, () => assert.deepEqual(checkAccess(given), expected))
  }

  it('blames a change only for what it newly broke', () => {
    const before = { unservedEnforced: ['a.test'], strandedOwners: [], lockoutRisk: true }
    const after = {
      unservedEnforced: ['a.test', 'b.test'],
      strandedOwners: ['o'],
      lockoutRisk: true,
    }
    assert.deepEqual(newlyBroken(before, after), {
      unservedEnforced: ['b.test'],
      strandedOwners: ['o'],
      lockoutRisk: false,
    })
  })
})
