/**
 * The periodic refresh of IdP metadata URLs (SPEC §2 "refreshed periodically"): due profiles are
 * fetched again; a good copy replaces certificates and SSO URL, a failed fetch or unusable document keeps
 * the last good copy and records the error. A separate file from the profile service because it runs
 * as a background job, with the system as its actor.
 */
import { auditEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { AppError } from '../../errors/app-error.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Store } from '../../platform/store.ts'
import { parseIdPMetadata } from '../../saml/metadata/idp-metadata.ts'
import { validateSsoUrl, type SSOProfile } from '../../sso-profiles/sso-profile.ts'
import {
  describeChanges,
  metadataChanges,
  type MetadataChanges,
} from '../../sso-profiles/metadata-changes.ts'
import { EXPIRY_WARNING_MS, profileWarnings, warningThreshold } from '../../sso-profiles/expiry.ts'
import { notifyAdmins } from './outbox-service.ts'
import type { OutboxRepository } from '../../mail/outbox-repository.ts'
import type { MailSender } from '../../platform/mail.ts'
import { hashSecret } from '../../platform/crypto.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import type { SSOProfileRepository } from '../../sso-profiles/sso-profile-repository.ts'
import { mailIn } from '../../mail/mail-texts.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'

type RefreshRepos = {
  ssoProfiles: SSOProfileRepository
  users: UserRepository
  outbox: OutboxRepository
  orgs: OrganizationRepository
  audit: AuditRepository
}

export interface MetadataRefreshServiceDeps {
  readonly store: Store<RefreshRepos>
  readonly clock: Clock
  /** Tells admins about changes (through the outbox). */
  readonly mailer: MailSender
  /** Allow http:// IdP SSO URLs (development with a local IdP). */
  readonly allowHttpIdP: boolean
  /** GETs IdP metadata (timeout, size cap, no redirects, internal addresses refused unless allowed). */
  readonly fetchMetadata: (url: string, signal?: AbortSignal) => Promise<string>
}

/** Metadata without cacheDuration is refreshed daily; failed fetches are retried hourly. */
export const DEFAULT_METADATA_REFRESH_MS = 24 * 3600_000
export const METADATA_RETRY_MS = 3600_000

const SYSTEM = { type: 'system', id: 'metadata-refresh' } as const

export class MetadataRefreshService {
  readonly #deps: MetadataRefreshServiceDeps

  constructor(deps: MetadataRefreshServiceDeps) {
    this.#deps = deps
  }

  /**
   * The periodic refresh of metadata URLs. A copy that changes nothing just renews the refresh times. A
   * copy that changes certificates or the SSO URL is applied at once (policy `apply`) or held for an
   * admin's approval (`hold`); either way the change is audited and the organization's admins are told.
   * A failed fetch or unusable document — a changed entity ID included — keeps the last good copy and
   * records the error (retried hourly).
   */
  async refreshDueMetadata(signal?: AbortSignal): Promise<{ refreshed: number; failed: number }> {
    const { store, clock } = this.#deps
    const now = clock.now()
    let refreshed = 0
    let failed = 0
    for (const profile of await store.read.ssoProfiles.listDueForMetadataRefresh(now, 100)) {
      // Out of budget: the profiles not reached yet stay due for the next run.
      if (signal?.aborted) break
      try {
        const xml = await this.#deps.fetchMetadata(profile.idpMetadataUrl ?? '', signal)
        await this.#refresh(profile, xml, now)
        refreshed++
      } catch (error) {
        failed++
        const reason = error instanceof AppError ? error.code : (error as Error).message
        await store.read.ssoProfiles.update(
          profile.orgId,
          profile.id,
          {
            idpMetadataError: String(reason).slice(0, 300),
            idpMetadataNextRefreshAt: now + METADATA_RETRY_MS,
          },
          now,
        )
      }
    }
    return { refreshed, failed }
  }

  /**
   * Tells each organization's admins about metadata or certificates that stop (or stopped) a profile
   * (a daily job): once at each of 30, 14 and 7 days before and once after, audited (and so an event)
   * whether or not a mail could go out.
   */
  async warnExpiring(signal?: AbortSignal): Promise<{ warned: number }> {
    const { store, clock, mailer } = this.#deps
    const now = clock.now()
    let warned = 0
    for (const profile of await store.read.ssoProfiles.listExpiringBefore(
      now + EXPIRY_WARNING_MS,
      500,
    )) {
      if (signal?.aborted) break
      for (const warning of profileWarnings(profile, now)) {
        const threshold = warningThreshold(warning, now)
        await store.transaction(async (repos) => {
          const claimed = await repos.ssoProfiles.claimExpiryWarning(
            profile.id,
            warning.code,
            warning.at ?? 0,
            threshold,
            now,
          )
          if (!claimed) return
          warned++
          const when = warning.at === null ? '' : new Date(warning.at).toISOString()
          const queued = await notifyAdmins(
            repos,
            { clock, mailer },
            profile.orgId,
            (locale) =>
              mailIn(locale, 'profileWarning', {
                profile: profile.name,
                warning: warning.code,
                when,
              }),
            `expiry:${profile.id}:${warning.code}:${warning.at ?? ''}:${threshold}`,
          )
          await repos.audit.insert(
            auditEvent(clock, {
              orgId: profile.orgId,
              type: 'sso.expiry_warning',
              outcome: 'success',
              actor: SYSTEM,
              target: { type: 'sso_profile', id: profile.id },
              details: {
                code: warning.code,
                at: warning.at,
                thresholdDays: threshold,
                recipients: queued,
              },
            }),
          )
        })
      }
    }
    return { warned }
  }

  async #refresh(profile: SSOProfile, xml: string, now: number): Promise<void> {
    const { store } = this.#deps
    const metadata = parseIdPMetadata(xml, now)
    if (profile.idpEntityId !== null && metadata.entityId !== profile.idpEntityId) {
      await store.transaction(async (repos) => {
        await this.#report(repos, profile, 'sso.metadata_refused', xml, [
          `Entity ID: ${profile.idpEntityId} -> ${metadata.entityId} (refused: a new IdP needs a new profile)`,
        ])
      })
      throw new AppError('sso.invalid_metadata', { details: { reason: 'the entity ID changed' } })
    }
    const ssoUrl = validateSsoUrl(metadata.ssoUrl, this.#deps.allowHttpIdP)
    const changes = metadataChanges(profile, { ssoUrl, certificates: metadata.certificates })
    const schedule = {
      idpMetadataFetchedAt: now,
      idpMetadataNextRefreshAt:
        now +
        refreshDelay(
          { cacheDurationMs: metadata.cacheDurationMs, idpMetadataValidUntil: metadata.validUntil },
          now,
        ),
      idpMetadataError: null,
    }
    await store.transaction(async (repos) => {
      if (changes === null) {
        // Nothing changes (or the IdP went back to what is in use): renew, and drop a held change.
        await repos.ssoProfiles.update(
          profile.orgId,
          profile.id,
          {
            ...schedule,
            idpMetadataXml: xml,
            idpMetadataValidUntil: metadata.validUntil ?? null,
            ...(profile.stagedMetadata !== null && { stagedMetadata: null }),
          },
          now,
        )
        return
      }
      if (profile.metadataChangePolicy === 'hold') {
        const staged = profile.stagedMetadata
        const same = staged !== null && staged.xml === xml
        await repos.ssoProfiles.update(
          profile.orgId,
          profile.id,
          {
            ...schedule,
            // A document an admin rejected stays rejected; a new one is held anew.
            ...(!same && { stagedMetadata: { xml, at: now, changes, status: 'pending' } }),
          },
          now,
        )
        if (!same) await this.#report(repos, profile, 'sso.metadata_change_held', xml, changes)
        return
      }
      await repos.ssoProfiles.update(
        profile.orgId,
        profile.id,
        {
          ...schedule,
          idpSsoUrl: ssoUrl,
          idpMetadataXml: xml,
          idpMetadataValidUntil: metadata.validUntil ?? null,
          stagedMetadata: null,
        },
        now,
      )
      await repos.ssoProfiles.setCertificates(profile.orgId, profile.id, metadata.certificates, now)
      await this.#report(repos, profile, 'sso.metadata_changed', xml, changes)
    })
  }

  /** Audits what a refresh brought and tells the organization's admins, once per document. */
  async #report(
    repos: RefreshRepos,
    profile: SSOProfile,
    type: 'sso.metadata_changed' | 'sso.metadata_change_held' | 'sso.metadata_refused',
    xml: string,
    changes: MetadataChanges | readonly string[],
  ): Promise<void> {
    const { clock, mailer } = this.#deps
    const lines = Array.isArray(changes) ? changes : describeChanges(changes as MetadataChanges)
    await repos.audit.insert(
      auditEvent(clock, {
        orgId: profile.orgId,
        type,
        outcome: type === 'sso.metadata_refused' ? 'failure' : 'success',
        actor: SYSTEM,
        target: { type: 'sso_profile', id: profile.id },
        details: Array.isArray(changes) ? { changes: lines } : { ...changes },
      }),
    )
    const change = (
      {
        'sso.metadata_changed': 'changed',
        'sso.metadata_change_held': 'held',
        'sso.metadata_refused': 'refused',
      } as const
    )[type]
    await notifyAdmins(
      repos,
      { clock, mailer },
      profile.orgId,
      (locale) =>
        mailIn(locale, 'metadataChanged', {
          profile: profile.name,
          change,
          details: lines,
          url: profile.idpMetadataUrl ?? '',
        }),
      `${type}:${profile.id}:${hashSecret(xml)}`,
    )
  }
}

/** When metadata should next be fetched: its cacheDuration, before its validUntil, else daily. */
export function refreshDelay(
  settings: { cacheDurationMs?: number | undefined; idpMetadataValidUntil?: number | undefined },
  now: number,
): number {
  let delay = settings.cacheDurationMs ?? DEFAULT_METADATA_REFRESH_MS
  if (settings.idpMetadataValidUntil !== undefined) {
    delay = Math.min(delay, Math.max(60_000, (settings.idpMetadataValidUntil - now) / 2))
  }
  return Math.max(60_000, Math.min(delay, 7 * DEFAULT_METADATA_REFRESH_MS))
}
