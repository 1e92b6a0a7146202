/**
 * Organization settings (SPEC §2 "settings (session lifetime, allowed clock skew, …)"). What an
 * organization sets is stored as given; what applies is computed when it is used (a login, a session's
 * next request, an invitation, a new SSO profile) from the deployment's settings, which are both the
 * default and the bound: an organization may make sessions and invitations shorter than the operator
 * allows, never longer. Nothing is mass-updated when a setting changes.
 */
import { AppError } from '../errors/app-error.ts'
import type { SessionLifetimes } from '../sessions/session.ts'
import { isLocale, LOCALES, type Locale } from '../platform/locales.ts'

/** The clock skew of a new SSO profile when neither the request nor the organization says. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 120

export interface OrgSettings {
  /** Absolute session lifetime, from sign-in. */
  readonly sessionLifetimeSeconds: number | null
  /** A session ends after this long without use. */
  readonly sessionIdleTimeoutSeconds: number | null
  /** How long an invitation link works. */
  readonly invitationLifetimeSeconds: number | null
  /** Clock skew of SSO profiles created from now on (each profile keeps its own). */
  readonly defaultClockSkewSeconds: number | null
  /** Second factors for password users (issue 25): not offered, offered, or required. */
  readonly passwordUserMfa: MfaMode | null
  /** The owner and admins must have a second factor, whatever `passwordUserMfa` says. */
  readonly requiredForAdmins: boolean | null
  /** The language of mail to people whose own is not known yet (issue 27); null: English. */
  readonly language: Locale | null
}

/**
 * `off`: the account page offers no second factor to add (factors a user already has are still asked —
 * turning the setting off never lowers what a user chose; an admin's reset removes them); `optional`:
 * users may add one; `required`: a password user without one enrols right after their password.
 */
export const MFA_MODES = ['off', 'optional', 'required'] as const
export type MfaMode = (typeof MFA_MODES)[number]

/** The second-factor policy that applies (defaults: optional, not required for admins). */
export interface MfaPolicy {
  readonly passwordUserMfa: MfaMode
  readonly requiredForAdmins: boolean
}

export const DEFAULT_MFA_POLICY: MfaPolicy = Object.freeze({
  passwordUserMfa: 'optional',
  requiredForAdmins: false,
})

/** The language of mail to someone whose own is not known, when the organization has not chosen. */
export const DEFAULT_LANGUAGE: Locale = 'en'

const POLICY_NAMES = ['passwordUserMfa', 'requiredForAdmins', 'language'] as const

/** The deployment's values (its configuration): what applies when unset, and the most allowed. */
export interface SettingBounds {
  readonly defaults: Readonly<Record<SettingName, number>>
  readonly maximums: Readonly<Record<SettingName, number>>
}

export const SETTING_NAMES = [
  'sessionLifetimeSeconds',
  'sessionIdleTimeoutSeconds',
  'invitationLifetimeSeconds',
  'defaultClockSkewSeconds',
] as const satisfies readonly (keyof OrgSettings)[]

export type SettingName = (typeof SETTING_NAMES)[number]

/** Lower bounds: below these a setting locks people out more than it protects them. */
export const SETTING_MINIMUMS: Readonly<Record<SettingName, number>> = {
  sessionLifetimeSeconds: 300,
  sessionIdleTimeoutSeconds: 60,
  invitationLifetimeSeconds: 3600,
  defaultClockSkewSeconds: 0,
}

export const NO_SETTINGS: OrgSettings = Object.freeze({
  sessionLifetimeSeconds: null,
  sessionIdleTimeoutSeconds: null,
  invitationLifetimeSeconds: null,
  defaultClockSkewSeconds: null,
  passwordUserMfa: null,
  requiredForAdmins: null,
  language: null,
})

/** The settings stored in an organization row (unknown or malformed entries read as "not set"). */
export function readSettings(stored: Readonly<Record<string, unknown>>): OrgSettings {
  const read = (name: SettingName): number | null => {
    const value = stored[name]
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null
  }
  return {
    sessionLifetimeSeconds: read('sessionLifetimeSeconds'),
    sessionIdleTimeoutSeconds: read('sessionIdleTimeoutSeconds'),
    invitationLifetimeSeconds: read('invitationLifetimeSeconds'),
    defaultClockSkewSeconds: read('defaultClockSkewSeconds'),
    passwordUserMfa: (MFA_MODES as readonly unknown[]).includes(stored.passwordUserMfa)
      ? (stored.passwordUserMfa as MfaMode)
      : null,
    requiredForAdmins:
      typeof stored.requiredForAdmins === 'boolean' ? stored.requiredForAdmins : null,
    language: isLocale(stored.language) ? stored.language : null,
  }
}

/**
 * Applies a PATCH: each named setting is a whole number within its bounds, or null to go back to the
 * deployment's value. Unknown names are refused. Returns the new settings; throws before changing any.
 */
export function patchSettings(
  current: OrgSettings,
  patch: Readonly<Record<string, unknown>>,
  bounds: SettingBounds,
): OrgSettings {
  const next: { -readonly [K in keyof OrgSettings]: OrgSettings[K] } = { ...current }
  for (const [name, value] of Object.entries(patch)) {
    if (name === 'passwordUserMfa') {
      if (value !== null && !(MFA_MODES as readonly unknown[]).includes(value)) {
        throw new AppError('org.invalid_settings', {
          details: { field: name, reason: `one of ${MFA_MODES.join(', ')}, or null` },
        })
      }
      next.passwordUserMfa = value as MfaMode | null
      continue
    }
    if (name === 'language') {
      if (value !== null && !isLocale(value)) {
        throw new AppError('org.invalid_settings', {
          details: { field: name, reason: `one of ${LOCALES.join(', ')}, or null` },
        })
      }
      next.language = value
      continue
    }
    if (name === 'requiredForAdmins') {
      if (value !== null && typeof value !== 'boolean') {
        throw new AppError('org.invalid_settings', {
          details: { field: name, reason: 'true, false or null' },
        })
      }
      next.requiredForAdmins = value
      continue
    }
    if (!(SETTING_NAMES as readonly string[]).includes(name)) {
      throw new AppError('org.invalid_settings', { details: { field: name, reason: 'unknown' } })
    }
    const setting = name as SettingName
    const min = SETTING_MINIMUMS[setting]
    const max = bounds.maximums[setting]
    if (
      value !== null &&
      (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max)
    ) {
      throw new AppError('org.invalid_settings', {
        details: { field: name, reason: `a whole number from ${min} to ${max}, or null` },
      })
    }
    next[setting] = value
  }
  if (
    next.sessionIdleTimeoutSeconds !== null &&
    next.sessionIdleTimeoutSeconds > effective(next, bounds, 'sessionLifetimeSeconds')
  ) {
    throw new AppError('org.invalid_settings', {
      details: {
        field: 'sessionIdleTimeoutSeconds',
        reason: 'at most the session lifetime',
      },
    })
  }
  return next
}

/** The value that applies: the organization's when set, else the deployment's, never above its maximum. */
export function effective(settings: OrgSettings, bounds: SettingBounds, name: SettingName): number {
  return Math.min(settings[name] ?? bounds.defaults[name], bounds.maximums[name])
}

/** The second-factor policy that applies to an organization with `settings`. */
export function mfaPolicy(settings: OrgSettings): MfaPolicy {
  return {
    passwordUserMfa: settings.passwordUserMfa ?? DEFAULT_MFA_POLICY.passwordUserMfa,
    requiredForAdmins: settings.requiredForAdmins ?? DEFAULT_MFA_POLICY.requiredForAdmins,
  }
}

export function effectiveSettings(
  settings: OrgSettings,
  bounds: SettingBounds,
): Record<SettingName, number> & MfaPolicy & { language: Locale } {
  return {
    ...mfaPolicy(settings),
    language: settings.language ?? DEFAULT_LANGUAGE,
    sessionLifetimeSeconds: effective(settings, bounds, 'sessionLifetimeSeconds'),
    sessionIdleTimeoutSeconds: Math.min(
      effective(settings, bounds, 'sessionIdleTimeoutSeconds'),
      effective(settings, bounds, 'sessionLifetimeSeconds'),
    ),
    invitationLifetimeSeconds: effective(settings, bounds, 'invitationLifetimeSeconds'),
    defaultClockSkewSeconds: effective(settings, bounds, 'defaultClockSkewSeconds'),
  }
}

/** The session lifetimes, in milliseconds, that apply to an organization with `settings`. */
export function sessionLifetimes(settings: OrgSettings, bounds: SettingBounds): SessionLifetimes {
  const values = effectiveSettings(settings, bounds)
  return {
    idleMs: values.sessionIdleTimeoutSeconds * 1000,
    absoluteMs: values.sessionLifetimeSeconds * 1000,
  }
}

/** What changed, for the audit event: `{ name: { from, to } }`. */
export function settingChanges(
  before: OrgSettings,
  after: OrgSettings,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {}
  for (const name of [...SETTING_NAMES, ...POLICY_NAMES]) {
    if (before[name] !== after[name]) changes[name] = { from: before[name], to: after[name] }
  }
  return changes
}

/** Whether a password user in this role must have a second factor before they are signed in. */
export function secondFactorRequired(policy: MfaPolicy, role: 'owner' | 'admin' | 'member') {
  return policy.passwordUserMfa === 'required' || (policy.requiredForAdmins && role !== 'member')
}

/** The language of mail to an organization's people whose own is not known (English unless chosen). */
export function mailLanguage(
  org: { readonly settings: Readonly<Record<string, unknown>> } | undefined,
): Locale {
  return readSettings(org?.settings ?? {}).language ?? DEFAULT_LANGUAGE
}
