/**
 * SSO profiles through the Admin API (SPEC §4): create, edit, delete; IdP settings by hand or from
 * metadata XML; which verified domains a profile serves; connection tests. Every change is audited.
 */
import type { Actor } from '../audit/audit-event.ts'
import { auditEvent } from '../audit/audit-log.ts'
import type { AuditRepository } from '../audit/audit-repository.ts'
import type { DomainRepository } from '../domains/domain-repository.ts'
import { AppError } from '../errors/app-error.ts'
import type { OIDCClientRepository } from '../oidc/oidc-client-repository.ts'
import type { Clock } from '../platform/clock.ts'
import { hashSecret } from '../platform/crypto.ts'
import { newId, newSecret } from '../platform/random.ts'
import type { Store } from '../platform/store.ts'
import type { SAMLRequestRepository } from '../saml/saml-request-repository.ts'
import type { SignaturePolicy } from '../saml/acs/context.ts'
import { guardAccess, type AccessOptions } from '../domains/access-guard.ts'
import type { UserRepository } from '../users/user-repository.ts'
import { canonicalizeDomain } from '../users/email.ts'
import { FetchError } from '../platform/fetch.ts'
import { needsNewTest, profileSettings } from './profile-settings.ts'
import type { MetadataChangePolicy } from './metadata-changes.ts'
import { withStagedMetadata } from './staged-metadata.ts'
import { profileWarnings, type ProfileWarning } from './expiry.ts'
import { refreshDelay } from './metadata-refresh-service.ts'
import {
  isUsable,
  validateProfileName,
  type SSOProfile,
  type SSOProfileStatus,
} from './sso-profile.ts'
import type { SSOProfileRepository, SSOProfileUpdate } from './sso-profile-repository.ts'

export interface SSOProfileServiceDeps {
  readonly store: Store<{
    ssoProfiles: SSOProfileRepository
    domains: DomainRepository
    clients: OIDCClientRepository
    samlRequests: SAMLRequestRepository
    users: UserRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
  readonly publicUrl: string
  /** Allow http:// IdP SSO URLs (development with a local IdP). */
  readonly allowHttpIdP: boolean
  /** GETs IdP metadata (timeout, size cap, no redirects, internal addresses refused unless allowed). */
  readonly fetchMetadata: (url: string) => Promise<string>
}

export interface ProfileInput {
  readonly name?: string
  readonly status?: SSOProfileStatus
  readonly idpEntityId?: string
  readonly idpSsoUrl?: string
  readonly certificates?: readonly string[]
  readonly idpMetadataXml?: string
  /** Fetched now and then refreshed periodically (validUntil / cacheDuration, default daily). */
  readonly idpMetadataUrl?: string | null
  readonly signRequests?: boolean
  readonly signaturePolicy?: SignaturePolicy
  readonly clockSkewSeconds?: number
  readonly defaultClientId?: string | null
  /** `hold`: metadata refreshes that change something wait for an admin's approval. */
  readonly metadataChangePolicy?: MetadataChangePolicy
  /** Verified domains of the organization this profile serves (replaces the previous set). */
  readonly domains?: readonly string[]
}

export const TEST_TICKET_TTL_MS = 10 * 60_000

export interface ProfileView {
  readonly profile: SSOProfile
  readonly domains: readonly string[]
  readonly usable: boolean
  readonly warnings: readonly ProfileWarning[]
}

export class SSOProfileService {
  readonly #deps: SSOProfileServiceDeps

  constructor(deps: SSOProfileServiceDeps) {
    this.#deps = deps
  }

  listProfiles(orgId: string): Promise<SSOProfile[]> {
    return this.#deps.store.read.ssoProfiles.listForOrg(orgId)
  }

  async getProfile(orgId: string, profileId: string): Promise<SSOProfile> {
    const profile = await this.#deps.store.read.ssoProfiles.findById(orgId, profileId)
    if (profile === undefined) throw new AppError('sso.not_found')
    return profile
  }

  /** What the Admin API shows beside a profile: the domains it serves, whether it works, warnings. */
  async view(profile: SSOProfile): Promise<ProfileView> {
    const now = this.#deps.clock.now()
    const domains = await this.#deps.store.read.domains.listForOrg(profile.orgId)
    return {
      profile,
      domains: domains.filter((d) => d.ssoProfileId === profile.id).map((d) => d.name),
      usable: isUsable(profile, now),
      warnings: profileWarnings(profile, now),
    }
  }

  /** Rejects the metadata change held for approval; the same document is not held again. */
  async rejectStagedMetadata(orgId: string, profileId: string, actor: Actor): Promise<SSOProfile> {
    const { store, clock } = this.#deps
    const now = clock.now()
    await store.transaction(async (repos) => {
      const profile = await repos.ssoProfiles.findById(orgId, profileId)
      if (profile === undefined) throw new AppError('sso.not_found')
      const staged = profile.stagedMetadata
      if (staged === null || staged.status !== 'pending')
        throw new AppError('sso.no_staged_metadata')
      await repos.ssoProfiles.update(
        orgId,
        profileId,
        { stagedMetadata: { ...staged, status: 'rejected' } },
        now,
      )
      await repos.audit.insert(
        this.#event(orgId, 'sso.metadata_change_rejected', actor, profileId, { ...staged.changes }),
      )
    })
    return this.getProfile(orgId, profileId)
  }

  async createProfile(orgId: string, rawInput: ProfileInput, actor: Actor): Promise<SSOProfile> {
    const { clock, store } = this.#deps
    const input = await this.#withFetchedMetadata(rawInput)
    const now = clock.now()
    const settings = profileSettings(input, now, this.#deps.allowHttpIdP)
    const profile: SSOProfile = {
      id: newId(),
      orgId,
      name: validateProfileName(input.name),
      status: input.status ?? 'active',
      idpEntityId: settings.idpEntityId ?? null,
      idpSsoUrl: settings.idpSsoUrl ?? null,
      idpMetadataUrl: input.idpMetadataUrl ?? null,
      idpMetadataXml: settings.idpMetadataXml ?? null,
      idpMetadataFetchedAt: settings.idpMetadataFetchedAt ?? null,
      idpMetadataValidUntil: settings.idpMetadataValidUntil ?? null,
      idpMetadataNextRefreshAt: input.idpMetadataUrl ? now + refreshDelay(settings, now) : null,
      idpMetadataError: null,
      certificates: settings.certificates ?? [],
      signRequests: input.signRequests ?? true,
      signaturePolicy: input.signaturePolicy ?? 'assertion',
      clockSkewSeconds: input.clockSkewSeconds ?? 120,
      attributeMapping: {},
      defaultClientId: input.defaultClientId ?? null,
      metadataChangePolicy: input.metadataChangePolicy ?? 'apply',
      stagedMetadata: null,
      lastTestAt: null,
      lastTestPassedAt: null,
      lastTestResult: null,
      createdAt: now,
      updatedAt: now,
    }
    await store.transaction(async (repos) => {
      await this.#checkClient(repos.clients, profile.defaultClientId)
      await repos.ssoProfiles.insert(profile)
      if (input.domains !== undefined)
        await this.#serve(repos, orgId, profile.id, input.domains, now)
      await repos.audit.insert(
        this.#event(orgId, 'sso.profile_created', actor, profile.id, { name: profile.name }),
      )
    })
    return profile
  }

  /**
   * Changes a profile. A change that would leave an enforced domain without a usable, tested profile
   * (disabling it, no longer serving the domain, a new IdP that needs a new test) is refused unless
   * `liftEnforcement` lifts that domain's enforcement with it (SPEC §4).
   */
  async updateProfile(
    orgId: string,
    profileId: string,
    rawInput: ProfileInput,
    actor: Actor,
    options: AccessOptions = {},
  ): Promise<SSOProfile> {
    const { clock, store } = this.#deps
    const input = await this.#withFetchedMetadata(rawInput)
    const now = clock.now()
    const settings = profileSettings(input, now, this.#deps.allowHttpIdP)
    const update: SSOProfileUpdate = {
      ...(input.name !== undefined && { name: validateProfileName(input.name) }),
      ...(input.status !== undefined && { status: input.status }),
      ...(settings.idpEntityId !== undefined && { idpEntityId: settings.idpEntityId }),
      ...(settings.idpSsoUrl !== undefined && { idpSsoUrl: settings.idpSsoUrl }),
      ...(settings.idpMetadataXml !== undefined && {
        idpMetadataXml: settings.idpMetadataXml,
        idpMetadataFetchedAt: settings.idpMetadataFetchedAt ?? null,
        idpMetadataValidUntil: settings.idpMetadataValidUntil ?? null,
      }),
      ...(input.idpMetadataUrl !== undefined && {
        idpMetadataUrl: input.idpMetadataUrl,
        idpMetadataNextRefreshAt: input.idpMetadataUrl ? now + refreshDelay(settings, now) : null,
        idpMetadataError: null,
      }),
      ...(input.signRequests !== undefined && { signRequests: input.signRequests }),
      ...(input.signaturePolicy !== undefined && { signaturePolicy: input.signaturePolicy }),
      ...(input.clockSkewSeconds !== undefined && { clockSkewSeconds: input.clockSkewSeconds }),
      ...(input.defaultClientId !== undefined && { defaultClientId: input.defaultClientId }),
      ...(input.metadataChangePolicy !== undefined && {
        metadataChangePolicy: input.metadataChangePolicy,
      }),
    }
    await store.transaction(async (repos) => {
      const existing = await repos.ssoProfiles.findById(orgId, profileId)
      if (existing === undefined) throw new AppError('sso.not_found')
      if (input.defaultClientId !== undefined)
        await this.#checkClient(repos.clients, input.defaultClientId)
      // A changed IdP must pass a new connection test before it can carry enforcement (SPEC §4).
      const retest = needsNewTest(existing, settings)
      await guardAccess(repos, { orgId, clock, actor }, options, async () => {
        await repos.ssoProfiles.update(
          orgId,
          profileId,
          retest ? { ...update, lastTestPassedAt: null } : update,
          now,
        )
        if (settings.certificates !== undefined) {
          await repos.ssoProfiles.setCertificates(orgId, profileId, settings.certificates, now)
        }
        if (input.domains !== undefined)
          await this.#serve(repos, orgId, profileId, input.domains, now)
      })
      await repos.audit.insert(
        this.#event(orgId, 'sso.profile_updated', actor, profileId, {
          fields: Object.keys(input).filter((k) => k !== 'idpMetadataXml' && k !== 'certificates'),
          certificates: settings.certificates?.map((c) => c.sha256Fingerprint),
        }),
      )
    })
    return this.getProfile(orgId, profileId)
  }

  /** Deletes a profile; its domains are no longer served (refused while one is enforced, see update). */
  async deleteProfile(
    orgId: string,
    profileId: string,
    actor: Actor,
    options: AccessOptions = {},
  ): Promise<void> {
    const { store, clock } = this.#deps
    await store.transaction(async (repos) => {
      const deleted = await guardAccess(repos, { orgId, clock, actor }, options, () =>
        repos.ssoProfiles.delete(orgId, profileId),
      )
      if (!deleted) throw new AppError('sso.not_found')
      await repos.audit.insert(this.#event(orgId, 'sso.profile_deleted', actor, profileId, {}))
    })
  }

  /** When the input names a metadata URL, fetches it now so it is validated like an upload. */
  async #withFetchedMetadata(input: ProfileInput): Promise<ProfileInput> {
    if (input.idpMetadataUrl === undefined || input.idpMetadataUrl === null) return input
    try {
      return { ...input, idpMetadataXml: await this.#deps.fetchMetadata(input.idpMetadataUrl) }
    } catch (error) {
      if (error instanceof FetchError) {
        const code =
          error.reason === 'forbidden_address' || error.reason === 'bad_url'
            ? 'sso.metadata_url_forbidden'
            : 'sso.metadata_fetch_failed'
        throw new AppError(code, { details: { reason: error.reason }, detail: error.message })
      }
      throw error
    }
  }

  /**
   * A single-use ticket for a browser to run a connection test (returned as a URL by the API). Started
   * from an admin session (`sessionHash`), it opens only in that browser; from an API token, the browser
   * is first shown where the test leads.
   */
  async startTest(
    orgId: string,
    profileId: string,
    actor: Actor,
    sessionHash: string | null,
    /** `test_staged`: test the metadata held for approval; passing the test applies it. */
    purpose: 'test' | 'test_staged' = 'test',
  ): Promise<string> {
    const { store, clock, publicUrl } = this.#deps
    const current = await this.getProfile(orgId, profileId)
    const profile = purpose === 'test' ? current : withStagedMetadata(current, clock.now())
    if (!isUsable(profile, clock.now())) throw new AppError('sso.incomplete')
    const ticket = newSecret('sst_')
    const now = clock.now()
    await store.transaction(async (repos) => {
      await repos.samlRequests.insertTestTicket({
        ticketHash: hashSecret(ticket),
        orgId,
        profileId,
        sessionHash,
        purpose,
        actor: { type: actor.type, id: actor.id },
        createdAt: now,
        expiresAt: now + TEST_TICKET_TTL_MS,
      })
      await repos.audit.insert(
        this.#event(orgId, 'sso.test_started', actor, profileId, { staged: purpose !== 'test' }),
      )
    })
    return `${publicUrl}/saml/${encodeURIComponent(profileId)}/test?ticket=${encodeURIComponent(ticket)}`
  }

  /** Sets the verified domains this profile serves; a domain is served by at most one profile. */
  async #serve(
    repos: { domains: DomainRepository },
    orgId: string,
    profileId: string,
    names: readonly string[],
    now: number,
  ): Promise<void> {
    const wanted = new Set(names.map((n) => canonicalizeDomain(n.trim()) ?? `invalid:${n}`))
    const domains = await repos.domains.listForOrg(orgId)
    for (const name of wanted) {
      const domain = domains.find((d) => d.name === name)
      if (domain === undefined || domain.status === 'unverified') {
        throw new AppError('sso.domain_not_verified', { details: { domain: name } })
      }
      if (domain.ssoProfileId !== null && domain.ssoProfileId !== profileId) {
        throw new AppError('sso.domain_served_elsewhere', { details: { domain: name } })
      }
    }
    for (const domain of domains) {
      const serves = wanted.has(domain.name)
      if (serves && domain.ssoProfileId !== profileId) {
        await repos.domains.update(orgId, domain.id, { ssoProfileId: profileId }, now)
      } else if (!serves && domain.ssoProfileId === profileId) {
        await repos.domains.update(orgId, domain.id, { ssoProfileId: null }, now)
      }
    }
  }

  async #checkClient(
    clients: OIDCClientRepository,
    clientId: string | null | undefined,
  ): Promise<void> {
    if (clientId === null || clientId === undefined) return
    const client = await clients.findById(clientId)
    if (client === undefined || client.initiateLoginUri === null) {
      throw new AppError('sso.invalid_settings', {
        details: {
          field: 'defaultClientId',
          reason: 'a registered client with an initiate-login URI',
        },
      })
    }
  }

  #event(
    orgId: string,
    type: string,
    actor: Actor,
    profileId: string,
    details: Record<string, unknown>,
  ) {
    return auditEvent(this.#deps.clock, {
      orgId,
      type,
      outcome: 'success',
      actor,
      target: { type: 'sso_profile', id: profileId },
      details,
    })
  }
}
