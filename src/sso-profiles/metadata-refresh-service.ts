/**
 * The periodic refresh of IdP metadata URLs (SPEC §2 "refreshed periodically"): due profiles are
 * fetched again; a good copy replaces certificates and SSO URL, a failed fetch or unusable document keeps
 * the last good copy and records the error. A separate file from the profile service because it runs
 * as a background job, with the system as its actor.
 */
import { auditEvent } from '../audit/audit-log.ts'
import type { AuditRepository } from '../audit/audit-repository.ts'
import { AppError } from '../errors/app-error.ts'
import type { Clock } from '../platform/clock.ts'
import type { Store } from '../platform/store.ts'
import { parseIdPMetadata } from './idp-metadata.ts'
import { validateSsoUrl } from './sso-profile.ts'
import type { SSOProfileRepository } from './sso-profile-repository.ts'

export interface MetadataRefreshServiceDeps {
  readonly store: Store<{ ssoProfiles: SSOProfileRepository; audit: AuditRepository }>
  readonly clock: Clock
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
   * The periodic refresh of metadata URLs: a good copy replaces certificates and SSO URL; a failed fetch
   * or unusable document keeps the last good copy and records the error (retried hourly).
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
        const metadata = parseIdPMetadata(xml, now)
        if (profile.idpEntityId !== null && metadata.entityId !== profile.idpEntityId) {
          throw new AppError('sso.invalid_metadata', {
            details: { reason: 'the entity ID changed' },
          })
        }
        const fingerprints = (certs: readonly { sha256Fingerprint: string }[]) =>
          certs.map((c) => c.sha256Fingerprint).join()
        const changed = fingerprints(metadata.certificates) !== fingerprints(profile.certificates)
        await store.transaction(async (repos) => {
          await repos.ssoProfiles.update(
            profile.orgId,
            profile.id,
            {
              idpEntityId: metadata.entityId,
              idpSsoUrl: validateSsoUrl(metadata.ssoUrl, this.#deps.allowHttpIdP),
              idpMetadataXml: xml,
              idpMetadataFetchedAt: now,
              idpMetadataValidUntil: metadata.validUntil ?? null,
              idpMetadataNextRefreshAt:
                now +
                refreshDelay(
                  {
                    cacheDurationMs: metadata.cacheDurationMs,
                    idpMetadataValidUntil: metadata.validUntil,
                  },
                  now,
                ),
              idpMetadataError: null,
            },
            now,
          )
          if (changed) {
            await repos.ssoProfiles.setCertificates(
              profile.orgId,
              profile.id,
              metadata.certificates,
              now,
            )
            await repos.audit.insert(
              auditEvent(clock, {
                orgId: profile.orgId,
                type: 'sso.metadata_refreshed',
                outcome: 'success',
                actor: SYSTEM,
                target: { type: 'sso_profile', id: profile.id },
                details: {
                  certificates: metadata.certificates.map((c) => c.sha256Fingerprint),
                },
              }),
            )
          }
        })
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
