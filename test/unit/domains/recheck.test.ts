/** The daily re-check of a verified domain (SPEC §2), as a table. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GRACE_PERIOD_MS, recheckOutcome } from '../../../src/domains/domain.ts'

const NOW = Date.UTC(2026, 11, 6)

describe('domains: recheckOutcome', () => {
  const cases: [string, 'verified' | 'verified-uncertain', number | null, boolean, string][] = [
    ['verified, record there', 'verified', null, true, 'still_verified'],
    ['verified, record gone', 'verified', null, false, 'uncertain'],
    ['uncertain, record back', 'verified-uncertain', NOW - 1000, true, 'reverified'],
    [
      'uncertain for a day, still gone',
      'verified-uncertain',
      NOW - 86_400_000,
      false,
      'still_uncertain',
    ],
    [
      'uncertain for the whole grace, still gone',
      'verified-uncertain',
      NOW - GRACE_PERIOD_MS,
      false,
      'unverified',
    ],
  ]
  for (const [name, status, since, present, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      assert.equal(recheckOutcome({ status, uncertainSince: since }, present, NOW).kind, expected)
    })
  }
})
