/**
 * SSO profiles through the Admin API (SPEC §4): create, edit, delete; IdP settings by hand or from
 * metadata XML; which verified domains a profile serves; connection tests. Every change is audited.
 */
import type { Actor } from '../../audit/audit-event.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import type { DomainRepository } from '../../domains/domain-repository.ts'
import { AppError } from '../../errors/app-error.ts'
import type { OIDCClientRepository } from '../../oidc/oidc-client-repository.ts'
import type { Clock } from '../../platform/clock.ts'
import { newId } from '../../platform/random.ts'
import { profileView, type ProfileView } from '../../sso-profiles/describe-profile.ts'
import type { Store } from '../../platform/store.ts'
import type { SAMLRequestRepository } from '../../saml/saml-request-repository.ts'
import { guardAccess, type AccessOptions } from '../sign-in/access-guard.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import { FetchError } from '../../platform/fetch.ts'
import {
  needsNewTest,
  profileSettings,
  type ProfileInput,
} from '../../sso-profiles/profile-settings.ts'
import { checkDefaultClient, serveDomains } from './profile-links.ts'
import {
  presetForEntityId,
  PRESETS,
  presetForProduct,
  sameMapping,
  validateMapping,
} from '../../sso-profiles/attribute-mapping.ts'
import { startConnectionTest } from './test-ticket.ts'
import { refreshDelay } from './metadata-refresh-service.ts'
import {
  validateProfileName,
  type AttributeMapping,
  type SSOProfile,
} from '../../sso-profiles/sso-profile.ts'
import type {
  SSOProfileRepository,
  SSOProfileUpdate,
} from '../../sso-profiles/sso-profile-repository.ts'

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
  /** The clock skew of a new profile that names none: the organization's default. */
  readonly defaultClockSkewSeconds: (orgId: string) => Promise<number>
  /** The most clock skew a profile may allow (the deployment's SAML_MAX_CLOCK_SKEW_SECONDS). */
  readonly maxClockSkewSeconds: number
}

export type { ProfileView }

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
    return profileView(profile, domains, now)
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
    const input = await withFetchedMetadata(rawInput, this.#deps.fetchMetadata)
    this.#checkSkew(input)
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
      assertionEncryption: input.assertionEncryption ?? 'off',
      clockSkewSeconds: input.clockSkewSeconds ?? (await this.#deps.defaultClockSkewSeconds(orgId)),
      attributeMapping: chosenMapping(input, settings.idpEntityId) ?? {},
      defaultClientId: input.defaultClientId ?? null,
      metadataChangePolicy: input.metadataChangePolicy ?? 'apply',
      idpProduct: input.idpProduct ?? null,
      stagedMetadata: null,
      lastTestAt: null,
      lastTestPassedAt: null,
      lastTestResult: null,
      createdAt: now,
      updatedAt: now,
    }
    await store.transaction(async (repos) => {
      await checkDefaultClient(repos.clients, profile.defaultClientId)
      await repos.ssoProfiles.insert(profile)
      if (input.domains !== undefined)
        await serveDomains(repos, orgId, profile.id, input.domains, now)
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
    const input = await withFetchedMetadata(rawInput, this.#deps.fetchMetadata)
    this.#checkSkew(input)
    const now = clock.now()
    const settings = profileSettings(input, now, this.#deps.allowHttpIdP)
    const mapping = chosenMapping(input, undefined)
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
      ...(input.assertionEncryption !== undefined && {
        assertionEncryption: input.assertionEncryption,
      }),
      ...(input.clockSkewSeconds !== undefined && { clockSkewSeconds: input.clockSkewSeconds }),
      ...(mapping !== undefined && { attributeMapping: mapping }),
      ...(input.defaultClientId !== undefined && { defaultClientId: input.defaultClientId }),
      ...(input.metadataChangePolicy !== undefined && {
        metadataChangePolicy: input.metadataChangePolicy,
      }),
      ...(input.idpProduct !== undefined && { idpProduct: input.idpProduct }),
    }
    await store.transaction(async (repos) => {
      const existing = await repos.ssoProfiles.findById(orgId, profileId)
      if (existing === undefined) throw new AppError('sso.not_found')
      if (input.defaultClientId !== undefined)
        await checkDefaultClient(repos.clients, input.defaultClientId)
      // A changed IdP must pass a new connection test before it can carry enforcement (SPEC §4).
      const retest = needsNewTest(existing, {
        ...settings,
        assertionEncryption: input.assertionEncryption,
      })
      // While the mapping is empty, a new IdP entity ID that names its product sets it.
      const detected =
        mapping === undefined && Object.keys(existing.attributeMapping).length === 0
          ? chosenMapping({}, settings.idpEntityId)
          : undefined
      const changes: SSOProfileUpdate = {
        ...update,
        ...(detected !== undefined && { attributeMapping: detected }),
        ...(retest && { lastTestPassedAt: null }),
      }
      await guardAccess(repos, { orgId, clock, actor }, options, async () => {
        await repos.ssoProfiles.update(orgId, profileId, changes, now)
        if (settings.certificates !== undefined) {
          await repos.ssoProfiles.setCertificates(orgId, profileId, settings.certificates, now)
        }
        if (input.domains !== undefined)
          await serveDomains(repos, orgId, profileId, input.domains, now)
      })
      // Like settings changes, a mapping change records what it was and what it became.
      const mapped = changes.attributeMapping
      const mappingChanged = mapped !== undefined && !sameMapping(existing.attributeMapping, mapped)
      await repos.audit.insert(
        this.#event(orgId, 'sso.profile_updated', actor, profileId, {
          fields: Object.keys(input).filter((k) => k !== 'idpMetadataXml' && k !== 'certificates'),
          certificates: settings.certificates?.map((c) => c.sha256Fingerprint),
          ...(mappingChanged && {
            attributeMapping: { from: { ...existing.attributeMapping }, to: { ...mapped } },
          }),
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

  /** A single-use URL that runs a connection test in the browser that opens it. */
  async startTest(
    orgId: string,
    profileId: string,
    actor: Actor,
    sessionHash: string | null,
    /** `test_staged`: test the metadata held for approval; passing the test applies it. */
    purpose: 'test' | 'test_staged' = 'test',
  ): Promise<string> {
    const profile = await this.getProfile(orgId, profileId)
    return startConnectionTest(this.#deps, profile, actor, sessionHash, purpose)
  }

  #checkSkew(input: ProfileInput): void {
    const max = this.#deps.maxClockSkewSeconds
    if (input.clockSkewSeconds !== undefined && input.clockSkewSeconds > max) {
      throw new AppError('sso.invalid_settings', {
        details: { field: 'clockSkewSeconds', reason: `0 to ${max} (this deployment's maximum)` },
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

/** When the input names a metadata URL, fetches it now so it is validated like an upload. */
async function withFetchedMetadata(
  input: ProfileInput,
  fetchMetadata: (url: string) => Promise<string>,
): Promise<ProfileInput> {
  if (input.idpMetadataUrl === undefined || input.idpMetadataUrl === null) return input
  try {
    return { ...input, idpMetadataXml: await fetchMetadata(input.idpMetadataUrl) }
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
 * The mapping a create or update sets: the admin's, else the preset named, else the chosen IdP
 * product's, else (at creation, or when the mapping is still empty) the preset the IdP's entity ID reveals; undefined leaves it as it is.
 */
function chosenMapping(
  input: ProfileInput,
  idpEntityId: string | null | undefined,
): AttributeMapping | undefined {
  if (input.attributeMapping !== undefined) return validateMapping(input.attributeMapping)
  if (input.attributeMappingPreset !== undefined)
    return { ...PRESETS[input.attributeMappingPreset] }
  // Choosing the IdP product picks its preset (issue 27).
  const product =
    input.idpProduct === undefined || input.idpProduct === null
      ? undefined
      : presetForProduct(input.idpProduct)
  if (product !== undefined) return { ...PRESETS[product] }
  const detected = presetForEntityId(idpEntityId)
  return detected === undefined ? undefined : { ...PRESETS[detected] }
}
