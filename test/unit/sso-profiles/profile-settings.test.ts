/** When a change of an SSO profile's IdP settings needs a new connection test (SPEC §4), as a table. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { needsNewTest } from '../../../src/sso-profiles/profile-settings.ts'
import { buildCertificate, buildProfile } from '../../helpers/fixtures.ts'

const tested = buildCertificate({ sha256Fingerprint: 'TE:ST' })
const other = buildCertificate({ sha256Fingerprint: 'OT:HR' })
const profile = buildProfile('org-a', {
  certificates: [tested],
  lastTestResult: { signature: { certificate: 'TE:ST' } },
})

describe('sso-profiles: needsNewTest', () => {
  const cases: [string, Parameters<typeof needsNewTest>[1], boolean][] = [
    ['nothing about the IdP', {}, false],
    [
      'the same entity ID and SSO URL',
      { idpEntityId: 'https://idp.test', idpSsoUrl: 'https://idp.test/sso' },
      false,
    ],
    ['another entity ID', { idpEntityId: 'https://other.test' }, true],
    ['another SSO URL', { idpSsoUrl: 'https://idp.test/other' }, true],
    ['a certificate added, the tested one kept', { certificates: [tested, other] }, false],
    ['the tested certificate removed', { certificates: [other] }, true],
  ]
  for (const [name, change, expected] of cases) {
    it(`${name} → ${expected ? 'a new test' : 'no new test'}`, () => {
      assert.equal(needsNewTest(profile, change), expected)
    })
  }
  it('asks for a test when no test ever recorded which certificate verified it', () => {
    assert.equal(
      needsNewTest({ ...profile, lastTestResult: null }, { certificates: [tested] }),
      true,
    )
  })
})
