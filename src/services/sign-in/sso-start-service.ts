/**
 * The sending side of SAML (SPEC §3 step 5, §4): which profile a SAML URL names, the AuthnRequest that
 * starts an SP-initiated login (its pending request stored, bound to this browser), and the browser leg
 * of a connection test.
 */
import type { Actor } from '../../audit/audit-event.ts'
import { AppError } from '../../errors/app-error.ts'
import type { SigningKeyService } from './signing-key-service.ts'
import type { Clock } from '../../platform/clock.ts'
import { constantEquals, hashSecret } from '../../platform/crypto.ts'
import { newSecret } from '../../platform/random.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'
import { hasFeature } from '../../orgs/organization.ts'
import type { Store } from '../../platform/store.ts'
import { authnRequestXML, redirectBindingURL } from '../../saml/authn-request.ts'
import {
  isMetadataExpired,
  isUsable,
  spEndpoints,
  type SSOProfile,
} from '../../sso-profiles/sso-profile.ts'
import type { SSOProfileRepository } from '../../sso-profiles/sso-profile-repository.ts'
import { withStagedMetadata } from '../../sso-profiles/staged-metadata.ts'
import { SAML_REQUEST_TTL_MS, type SAMLRequestPurpose } from '../../saml/saml-request.ts'
import type { SAMLRequestRepository } from '../../saml/saml-request-repository.ts'

export interface SSOStartServiceDeps {
  readonly store: Store<{
    ssoProfiles: SSOProfileRepository
    samlRequests: SAMLRequestRepository
    orgs: OrganizationRepository
  }>
  readonly clock: Clock
  readonly publicUrl: string
  readonly keys: SigningKeyService
}

export type TestStart =
  | { readonly kind: 'redirect'; readonly location: string }
  /** Show where the test leads before going there (a ticket started with an API token). */
  | { readonly kind: 'confirm'; readonly profileName: string; readonly destination: string }

/** `profile` if it can sign users in now; else why not, as the SAML pages say it. */
export function usableProfile(profile: SSOProfile | undefined, now: number): SSOProfile {
  if (profile === undefined) throw new AppError('saml.profile_unavailable')
  if (isMetadataExpired(profile, now)) throw new AppError('saml.metadata_expired')
  if (!isUsable(profile, now)) throw new AppError('saml.profile_unavailable')
  return profile
}

export class SSOStartService {
  readonly #deps: SSOStartServiceDeps

  constructor(deps: SSOStartServiceDeps) {
    this.#deps = deps
  }

  /**
   * The profile a SAML URL's path names, if any (whatever its state) — none when its organization's plan
   * has no SSO (issue 23): its metadata, login, tests and ACS are then as for an unknown profile.
   */
  async findForPath(profileId: string): Promise<SSOProfile | undefined> {
    if (profileId.length > 100) return undefined
    const { ssoProfiles, orgs } = this.#deps.store.read
    const profile = await ssoProfiles.findByPathId(profileId)
    if (profile === undefined) return undefined
    const org = await orgs.findById(profile.orgId)
    return org !== undefined && hasFeature(org, 'sso') ? profile : undefined
  }

  /** The usable profile a SAML URL names; `saml.profile_unavailable` for unknown, disabled or incomplete. */
  async profileForPath(profileId: string): Promise<SSOProfile> {
    return usableProfile(await this.findForPath(profileId), this.#deps.clock.now())
  }

  /**
   * The profile whose SP metadata is asked for: every profile that exists, configured or not, because
   * the IdP's administrator needs our metadata before they can give us theirs.
   */
  async profileForMetadata(profileId: string): Promise<SSOProfile> {
    const profile = await this.findForPath(profileId)
    if (profile === undefined) throw new AppError('saml.profile_unavailable')
    return profile
  }

  /** Creates the pending request and returns the IdP URL to send the browser to. */
  async startLogin(
    profile: SSOProfile,
    purpose: SAMLRequestPurpose,
    bindingSecret: string,
    options: {
      readonly loginTransactionId?: string | null
      /** The client asked for a fresh authentication (`prompt=login`, `max_age`). */
      readonly freshAuthentication?: boolean
      /** Who started a connection test. */
      readonly actor?: Actor | null
    } = {},
  ): Promise<string> {
    const { store, clock, publicUrl } = this.#deps
    const now = clock.now()
    const id = `_${newSecret('', 20).replace(/[^A-Za-z0-9]/g, 'x')}`
    await store.read.samlRequests.insert({
      id,
      orgId: profile.orgId,
      profileId: profile.id,
      bindingHash: hashSecret(bindingSecret),
      purpose,
      loginTransactionId: options.loginTransactionId ?? null,
      createdAt: now,
      expiresAt: now + SAML_REQUEST_TTL_MS,
      consumedAt: null,
      actor: options.actor ?? null,
    })
    const sp = spEndpoints(publicUrl, profile.id)
    const xml = authnRequestXML({
      id,
      issueInstant: now,
      destination: profile.idpSsoUrl ?? '',
      acsUrl: sp.acsUrl,
      spEntityId: sp.entityId,
      forceAuthn: purpose === 'test' || options.freshAuthentication === true,
    })
    const key = profile.signRequests
      ? (await this.#deps.keys.activeKey('saml')).privateKey
      : undefined
    return redirectBindingURL(profile.idpSsoUrl ?? '', xml, undefined, key)
  }

  /**
   * A connection test's browser leg. A ticket started from an admin session opens only in that session's
   * browser; one started with an API token first shows where it leads (`confirm`), and goes on only from
   * that page's form. Then the single-use ticket is claimed and a test-mode login starts, remembered as
   * the admin's.
   */
  async startTest(
    profileId: string,
    ticket: string | undefined,
    browser: { readonly bindingSecret: string; readonly sessionSecret: string | undefined },
    confirmed: boolean,
  ): Promise<TestStart> {
    const { store, clock } = this.#deps
    const ticketHash = ticket === undefined || ticket.length > 200 ? '' : hashSecret(ticket)
    const found = await store.read.samlRequests.findTestTicket(ticketHash, clock.now())
    if (found === undefined || found.profileId !== profileId)
      throw new AppError('login.transaction_expired')
    const profile =
      found.purpose === 'test_staged'
        ? withStagedMetadata(await this.profileForMetadata(profileId), clock.now())
        : await this.profileForPath(profileId)
    if (found.sessionHash !== null) {
      const session = browser.sessionSecret === undefined ? '' : hashSecret(browser.sessionSecret)
      if (!constantEquals(session, found.sessionHash)) throw new AppError('saml.test_not_yours')
    } else if (!confirmed) {
      return {
        kind: 'confirm',
        profileName: profile.name,
        destination: new URL(profile.idpSsoUrl ?? '').origin,
      }
    }
    const claimed = await store.read.samlRequests.consumeTestTicket(ticketHash, clock.now())
    if (claimed === undefined) throw new AppError('login.transaction_expired')
    const location = await this.startLogin(profile, claimed.purpose, browser.bindingSecret, {
      actor: claimed.actor,
    })
    return { kind: 'redirect', location }
  }
}
