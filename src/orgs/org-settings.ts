/**
 * Organization settings (SPEC §2 "settings (session lifetime, allowed clock skew, …)"). What an
 * organization sets is stored as given; what applies is computed when it is used (a login, a session's
 * next request, an invitation, a new SSO profile) from the deployment's settings, which are both the
 * default and the bound: an organization may make sessions and invitations shorter than the operator
 * allows, never longer. Nothing is mass-updated when a setting changes.
 */
import { AppError } from '../errors/app-error.ts'
import type { SessionLifetimes } from '../sessions/session.ts'

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
}

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
  const next: Record<SettingName, number | null> = { ...current }
  for (const [name, value] of Object.entries(patch)) {
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

export function effectiveSettings(
  settings: OrgSettings,
  bounds: SettingBounds,
): Record<SettingName, number> {
  return {
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
): Record<string, { from: number | null; to: number | null }> {
  const changes: Record<string, { from: number | null; to: number | null }> = {}
  for (const name of SETTING_NAMES) {
    if (before[name] !== after[name]) changes[name] = { from: before[name], to: after[name] }
  }
  return changes
}
