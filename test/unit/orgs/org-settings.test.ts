/** Organization settings (SPEC §2): reading what is stored, a PATCH within bounds, and what applies — as tables. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  effectiveSettings,
  mfaPolicy,
  secondFactorRequired,
  NO_SETTINGS,
  patchSettings,
  readSettings,
  sessionLifetimes,
  settingChanges,
  type SettingBounds,
} from '../../../src/orgs/org-settings.ts'

const BOUNDS: SettingBounds = {
  defaults: {
    sessionLifetimeSeconds: 43_200,
    sessionIdleTimeoutSeconds: 7200,
    invitationLifetimeSeconds: 604_800,
    defaultClockSkewSeconds: 120,
  },
  maximums: {
    sessionLifetimeSeconds: 43_200,
    sessionIdleTimeoutSeconds: 7200,
    invitationLifetimeSeconds: 604_800,
    defaultClockSkewSeconds: 300,
  },
}

describe('orgs: readSettings', () => {
  const cases: [string, Record<string, unknown>, number | null][] = [
    ['a whole number', { sessionLifetimeSeconds: 900 }, 900],
    ['nothing stored', {}, null],
    ['a string', { sessionLifetimeSeconds: '900' }, null],
    ['a fraction', { sessionLifetimeSeconds: 1.5 }, null],
    ['a negative number', { sessionLifetimeSeconds: -1 }, null],
    ['null', { sessionLifetimeSeconds: null }, null],
  ]
  for (const [name, stored, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      assert.equal(readSettings(stored).sessionLifetimeSeconds, expected)
    })
  }
})

describe('orgs: patchSettings', () => {
  const cases: [string, Record<string, unknown>, string | null][] = [
    ['shorter than the deployment', { sessionLifetimeSeconds: 900 }, null],
    ['back to the deployment', { sessionLifetimeSeconds: null }, null],
    ['at the minimum', { sessionIdleTimeoutSeconds: 60 }, null],
    ['below the minimum', { sessionIdleTimeoutSeconds: 59 }, 'sessionIdleTimeoutSeconds'],
    ['above the maximum', { sessionLifetimeSeconds: 43_201 }, 'sessionLifetimeSeconds'],
    ['not a number', { invitationLifetimeSeconds: '3600' }, 'invitationLifetimeSeconds'],
    ['an unknown name', { passwordLength: 20 }, 'passwordLength'],
    [
      'an idle timeout above the lifetime',
      { sessionLifetimeSeconds: 600, sessionIdleTimeoutSeconds: 900 },
      'sessionIdleTimeoutSeconds',
    ],
  ]
  for (const [name, patch, refusedField] of cases) {
    it(`${name} → ${refusedField === null ? 'accepted' : `refuses ${refusedField}`}`, () => {
      if (refusedField === null) {
        patchSettings(NO_SETTINGS, patch, BOUNDS)
        return
      }
      assert.throws(
        () => patchSettings(NO_SETTINGS, patch, BOUNDS),
        (error: { code?: string; details?: { field?: string } }) =>
          error.code === 'org.invalid_settings' && error.details?.field === refusedField,
      )
    })
  }
})

describe('orgs: the second-factor policy', () => {
  it('reads only known values, and requires a factor where the policy says', () => {
    const stored = readSettings({ passwordUserMfa: 'sometimes', requiredForAdmins: 'yes' })
    assert.deepEqual(mfaPolicy(stored), { passwordUserMfa: 'optional', requiredForAdmins: false })
    const admins = { passwordUserMfa: 'optional', requiredForAdmins: true } as const
    assert.equal(secondFactorRequired(admins, 'owner'), true)
    assert.equal(secondFactorRequired(admins, 'admin'), true)
    assert.equal(secondFactorRequired(admins, 'member'), false)
    const all = { passwordUserMfa: 'required', requiredForAdmins: false } as const
    assert.equal(secondFactorRequired(all, 'member'), true)
    const off = { passwordUserMfa: 'off', requiredForAdmins: false } as const
    assert.equal(secondFactorRequired(off, 'owner'), false)
  })
  it('patches the policy with its own rules', () => {
    const next = patchSettings(NO_SETTINGS, { passwordUserMfa: 'required' }, BOUNDS)
    assert.equal(next.passwordUserMfa, 'required')
    assert.throws(() => patchSettings(NO_SETTINGS, { requiredForAdmins: 1 }, BOUNDS), {
      code: 'org.invalid_settings',
    })
    assert.deepEqual(settingChanges(NO_SETTINGS, next), {
      passwordUserMfa: { from: null, to: 'required' },
    })
  })
})

describe('orgs: what applies', () => {
  it('takes the organization’s value when set, never above the deployment’s maximum', () => {
    const set = { ...NO_SETTINGS, sessionLifetimeSeconds: 900, defaultClockSkewSeconds: 999 }
    assert.deepEqual(effectiveSettings(set, BOUNDS), {
      sessionLifetimeSeconds: 900,
      sessionIdleTimeoutSeconds: 900,
      invitationLifetimeSeconds: 604_800,
      defaultClockSkewSeconds: 300,
      passwordUserMfa: 'optional',
      requiredForAdmins: false,
      language: 'en',
    })
    assert.deepEqual(sessionLifetimes(set, BOUNDS), { idleMs: 900_000, absoluteMs: 900_000 })
  })
  it('records each change old → new', () => {
    const after = { ...NO_SETTINGS, sessionLifetimeSeconds: 900 }
    assert.deepEqual(settingChanges(NO_SETTINGS, after), {
      sessionLifetimeSeconds: { from: null, to: 900 },
    })
  })
})
