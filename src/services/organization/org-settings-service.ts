/**
 * Organization settings through the Admin API (GET, PATCH; every change audited old → new), and the
 * values that apply, looked up where they are used: a sign-in's and a session's lifetimes, an
 * invitation's lifetime, a new SSO profile's clock skew.
 */
import type { EventRepository } from '../../events/event-repository.ts'
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { AppError } from '../../errors/app-error.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Store } from '../../platform/store.ts'
import type { SessionLifetimes } from '../../sessions/session.ts'
import type { SessionRepository } from '../../sessions/session-repository.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'
import { isSuspended } from '../../orgs/organization.ts'
import {
  effective,
  effectiveSettings,
  mfaPolicy,
  patchSettings,
  readSettings,
  sessionLifetimes,
  settingChanges,
  type MfaPolicy,
  type OrgSettings,
  type SettingBounds,
} from '../../orgs/org-settings.ts'
import { recordEndedSessions } from '../sign-in/ended-sessions.ts'

export interface OrgSettingsServiceDeps {
  readonly store: Store<{
    orgs: OrganizationRepository
    sessions: SessionRepository
    events: EventRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
  readonly bounds: SettingBounds
}

export interface SettingsView {
  /** What the organization set (null: the deployment's value applies). */
  readonly settings: OrgSettings
  /** What applies now. */
  readonly effective: ReturnType<typeof effectiveSettings>
  /** The deployment's defaults and maximums. */
  readonly bounds: SettingBounds
}

export class OrgSettingsService {
  readonly #deps: OrgSettingsServiceDeps

  constructor(deps: OrgSettingsServiceDeps) {
    this.#deps = deps
  }

  async get(orgId: string): Promise<SettingsView> {
    const org = await this.#deps.store.read.orgs.findById(orgId)
    if (org === undefined) throw new AppError('org.not_found')
    return this.#view(readSettings(org.settings))
  }

  async update(
    orgId: string,
    patch: Readonly<Record<string, unknown>>,
    actor: Actor,
  ): Promise<SettingsView> {
    const { store, clock, bounds } = this.#deps
    const next = await store.transaction(async ({ orgs, sessions, events, audit }) => {
      // A read-modify-write of the settings document: concurrent PATCHes of different settings must
      // not lose each other's change.
      if (!(await orgs.lockForChange(orgId))) throw new AppError('org.not_found')
      const org = await orgs.findById(orgId)
      if (org === undefined) throw new AppError('org.not_found')
      const before = readSettings(org.settings)
      const after = patchSettings(before, patch, bounds)
      const changes = settingChanges(before, after)
      if (Object.keys(changes).length === 0) return after
      const now = clock.now()
      // Sessions are judged against the lifetimes in force at each use; before those change, the ones
      // that ended under them are recorded as ended, so a longer setting never brings them back.
      await sessions.endExpired(orgId, sessionLifetimes(before, bounds), now)
      await orgs.updateSettings(orgId, { ...org.settings, ...after }, now)
      // Shorter lifetimes end sessions now: the console hears of each (back-channel logout too).
      await recordEndedSessions(events, {
        orgId,
        sessions: await sessions.endExpired(orgId, sessionLifetimes(after, bounds), now),
        reason: 'lifetime_change',
        actor,
        at: now,
      })
      await audit.insert(
        auditEvent(clock, {
          orgId,
          type: 'org.settings_changed',
          outcome: 'success',
          actor,
          target: { type: 'organization', id: orgId },
          details: { changes },
        }),
      )
      return after
    })
    return this.#view(next)
  }

  /**
   * The session lifetimes that apply to the organization's sessions now; undefined when it can have no
   * live session (suspended, or deleted).
   */
  async sessionLifetimes(orgId: string): Promise<SessionLifetimes | undefined> {
    const org = await this.#deps.store.read.orgs.findById(orgId)
    if (org === undefined || isSuspended(org)) return undefined
    return sessionLifetimes(readSettings(org.settings), this.#deps.bounds)
  }

  /** The second-factor policy for the organization's password users. */
  async mfaPolicy(orgId: string): Promise<MfaPolicy> {
    return mfaPolicy(await this.#settingsOf(orgId))
  }

  async invitationLifetimeMs(orgId: string): Promise<number> {
    const settings = await this.#settingsOf(orgId)
    return effective(settings, this.#deps.bounds, 'invitationLifetimeSeconds') * 1000
  }

  async defaultClockSkewSeconds(orgId: string): Promise<number> {
    const settings = await this.#settingsOf(orgId)
    return effective(settings, this.#deps.bounds, 'defaultClockSkewSeconds')
  }

  async #settingsOf(orgId: string): Promise<OrgSettings> {
    const org = await this.#deps.store.read.orgs.findById(orgId)
    return readSettings(org?.settings ?? {})
  }

  #view(settings: OrgSettings): SettingsView {
    const { bounds } = this.#deps
    return { settings, effective: effectiveSettings(settings, bounds), bounds }
  }
}
