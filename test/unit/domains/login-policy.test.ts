/** The login policy of SPEC §3.3, as a table. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decideLoginPolicy } from '../../../src/domains/login-policy.ts'
import type { DomainLoginFacts } from '../../../src/domains/domain.ts'
import type { SSOOverride } from '../../../src/users/user.ts'

const domain = (over: Partial<DomainLoginFacts> = {}): DomainLoginFacts => ({
  orgId: 'org-a',
  name: 'orga.test',
  status: 'verified',
  ssoProfileId: 'profile-1',
  enforced: false,
  ssoAvailable: true,
  ...over,
})
const user = (ssoOverride: SSOOverride, orgId = 'org-a') => ({ orgId, ssoOverride })

describe('auth: decideLoginPolicy', () => {
  const cases = [
    [
      'override enabled → SSO required',
      user('enabled'),
      domain(),
      { kind: 'sso_required', ssoProfileId: 'profile-1' },
    ],
    [
      'override disabled in an enforced domain → password',
      user('disabled'),
      domain({ enforced: true }),
      { kind: 'password' },
    ],
    [
      'none in an enforced domain → SSO required',
      user('none'),
      domain({ enforced: true }),
      { kind: 'sso_required', ssoProfileId: 'profile-1' },
    ],
    [
      'none, profile, not enforced → either',
      user('none'),
      domain(),
      { kind: 'password_or_sso', ssoProfileId: 'profile-1' },
    ],
    [
      'none, no profile → password',
      user('none'),
      domain({ ssoProfileId: null }),
      { kind: 'password' },
    ],
    ['no verified domain → password', user('none'), undefined, { kind: 'password' }],
    [
      'a plan without SSO: a profile serves nothing → password',
      user('none'),
      domain({ ssoAvailable: false }),
      { kind: 'password' },
    ],
    [
      'a plan without SSO: the override enabled no longer binds → password',
      user('enabled'),
      domain({ ssoAvailable: false }),
      { kind: 'password' },
    ],
    [
      'a plan without SSO at the email step → password',
      undefined,
      domain({ ssoAvailable: false }),
      { kind: 'password' },
    ],
    [
      'enforced but unverified domain → password',
      user('none'),
      domain({ enforced: true, status: 'unverified' }),
      { kind: 'password' },
    ],
    [
      'in grace period still enforced',
      user('none'),
      domain({ enforced: true, status: 'verified-uncertain' }),
      { kind: 'sso_required', ssoProfileId: 'profile-1' },
    ],
    [
      "another org's enforced domain binds an account awaiting adoption (no way around it)",
      user('none', 'org-b'),
      domain({ enforced: true }),
      { kind: 'sso_required', ssoProfileId: null },
    ],
    [
      "an override of the account's own org cannot lift another org's enforcement",
      user('disabled', 'org-b'),
      domain({ enforced: true }),
      { kind: 'sso_required', ssoProfileId: null },
    ],
    [
      "another org's domain, not enforced → password, never the owner's IdP",
      user('none', 'org-b'),
      domain(),
      { kind: 'password' },
    ],
    [
      "override enabled, another org's domain → SSO required without a profile",
      user('enabled', 'org-b'),
      domain(),
      { kind: 'sso_required', ssoProfileId: null },
    ],
    [
      'unknown email in an enforced domain → SSO required (domain-level, reveals nothing)',
      undefined,
      domain({ enforced: true }),
      { kind: 'sso_required', ssoProfileId: 'profile-1' },
    ],
    ['unknown email elsewhere → password', undefined, undefined, { kind: 'password' }],
  ] as const
  for (const [name, u, d, expected] of cases) {
    it(name, () => assert.deepEqual(decideLoginPolicy(u, d), expected))
  }
})
