/**
 * SAML SP-initiated login and the ACS (SPEC §3 steps 5–9): sends AuthnRequests, validates responses
 * through the check pipeline with storage bound to one transaction, and on success continues to the OIDC
 * code (amr ["saml"]). Unsolicited responses become a fresh AuthnRequest (§3.8). Connection tests run
 * the same login in test mode. Every refusal is audited with its detail; nothing else is written.
 */
import { auditEvent } from '../audit/audit-log.ts'
import type { AuditRepository } from '../audit/audit-repository.ts'
import type { LoginTransactionRepository } from '../auth/login-transaction-repository.ts'
import { RATE_LIMITS, rateLimitKey } from '../auth/rate-limit.ts'
import type { RateLimitRepository } from '../auth/rate-limit-repository.ts'
import { anonymousActor, userActor, type RequestContext } from '../auth/request-context.ts'
import { newSession, type SessionLifetimes } from '../auth/session.ts'
import type { SessionRepository } from '../auth/session-repository.ts'
import type { DomainRepository } from '../domains/domain-repository.ts'
import { AppError } from '../errors/app-error.ts'
import type { AuthCodeRepository } from '../oidc/auth-code-repository.ts'
import { completeAuthorization } from '../oidc/complete-authorization.ts'
import type { OIDCClientRepository } from '../oidc/oidc-client-repository.ts'
import type { SigningKeyService } from '../oidc/signing-key-service.ts'
import type { Clock } from '../platform/clock.ts'
import { constantEquals, hashSecret } from '../platform/crypto.ts'
import type { Actor } from '../audit/audit-event.ts'
import { newSecret } from '../platform/random.ts'
import type { Store } from '../platform/store.ts'
import {
  isMetadataExpired,
  isUsable,
  spEndpoints,
  type SSOProfile,
} from '../sso-profiles/sso-profile.ts'
import type { SSOProfileRepository } from '../sso-profiles/sso-profile-repository.ts'
import type { UserRepository } from '../users/user-repository.ts'
import { UnsolicitedResponse } from './acs/checks/solicitation.ts'
import { validateSAMLResponse, type ACSOutcome } from './acs/pipeline.ts'
import { acsProfile, portsOf } from './acs-ports.ts'
import { peekInResponseTo } from './peek.ts'
import { withStagedMetadata } from '../sso-profiles/staged-metadata.ts'
import { failedTest, recordTest } from './connection-test.ts'
import type { TestResult } from './test-result.ts'
import { authnRequestXML, redirectBindingURL } from './authn-request.ts'
import { SAML_REQUEST_TTL_MS, type SAMLRequestPurpose } from './saml-request.ts'
import type { SAMLRequestRepository } from './saml-request-repository.ts'

export type SAMLRepos = {
  rateLimits: RateLimitRepository
  ssoProfiles: SSOProfileRepository
  samlRequests: SAMLRequestRepository
  users: UserRepository
  domains: DomainRepository
  sessions: SessionRepository
  loginTransactions: LoginTransactionRepository
  authCodes: AuthCodeRepository
  clients: OIDCClientRepository
  audit: AuditRepository
}

export interface SAMLServiceDeps {
  readonly store: Store<SAMLRepos>
  readonly clock: Clock
  readonly publicUrl: string
  readonly keys: SigningKeyService
  readonly lifetimes: SessionLifetimes
}

export type TestStart =
  | { readonly kind: 'redirect'; readonly location: string }
  /** Show where the test leads before going there (a ticket started with an API token). */
  | { readonly kind: 'confirm'; readonly profileName: string; readonly destination: string }

export type ACSResult =
  | { readonly kind: 'converted'; readonly location: string; readonly bindingSecret: string }
  | {
      readonly kind: 'signed_in'
      readonly location: string | undefined
      readonly sessionSecret: string
    }
  | { readonly kind: 'test'; readonly profileId: string; readonly result: TestResult }

export interface ACSRequest {
  readonly profileId: string
  readonly samlResponse: string
  readonly bindingSecret: string | undefined
  readonly sessionSecret: string | undefined
  readonly context: RequestContext
}

export class SAMLService {
  readonly #deps: SAMLServiceDeps

  constructor(deps: SAMLServiceDeps) {
    this.#deps = deps
  }

  /** The usable profile a SAML URL names; `saml.profile_unavailable` for unknown, disabled or incomplete. */
  async profileForPath(profileId: string): Promise<SSOProfile> {
    const profile =
      profileId.length > 100
        ? undefined
        : await this.#deps.store.read.ssoProfiles.findByPathId(profileId)
    if (profile === undefined) throw new AppError('saml.profile_unavailable')
    const now = this.#deps.clock.now()
    if (isMetadataExpired(profile, now)) throw new AppError('saml.metadata_expired')
    if (!isUsable(profile, now)) throw new AppError('saml.profile_unavailable')
    return profile
  }

  /**
   * The profile whose SP metadata is asked for: every profile that exists, configured or not, because
   * the IdP's administrator needs our metadata before they can give us theirs.
   */
  async profileForMetadata(profileId: string): Promise<SSOProfile> {
    const profile =
      profileId.length > 100
        ? undefined
        : await this.#deps.store.read.ssoProfiles.findByPathId(profileId)
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

  /** POST to the ACS. Throws AppError (after auditing it) when the response is refused. */
  async handleResponse(request: ACSRequest): Promise<ACSResult> {
    const { store, clock } = this.#deps
    let profile: SSOProfile
    let staged: boolean
    try {
      ;({ profile, staged } = await this.#responseProfile(request))
    } catch (error) {
      await this.#auditFailure(null, error as AppError, request.context, {
        profileId: request.profileId.slice(0, 100),
      })
      throw error
    }
    const now = clock.now()
    const bindingHash =
      request.bindingSecret === undefined ? undefined : hashSecret(request.bindingSecret)
    const input = {
      profile: acsProfile(profile, this.#deps.publicUrl),
      samlResponse: request.samlResponse,
      bindingHash,
      now,
    }
    try {
      return await store.transaction(async (repos) => {
        const outcome = await validateSAMLResponse(input, portsOf(repos, now))
        const pending = outcome.pending
        // Held metadata is only ever tested; it never signs anyone in, whatever the envelope claimed.
        if (staged && pending?.purpose !== 'test_staged')
          throw new AppError('saml.in_response_to_mismatch', {
            detail: 'held metadata answers only its test',
          })
        if (pending?.purpose === 'test' || pending?.purpose === 'test_staged')
          return recordTest(
            repos,
            clock,
            profile,
            outcome,
            pending.startedBy,
            request.context,
            staged,
          )
        return this.#signIn(repos, profile, outcome, request)
      })
    } catch (error) {
      // (Held metadata never starts a login: an unsolicited answer to its test is refused below.)
      if (error instanceof UnsolicitedResponse && !staged) {
        // SPEC §3.8: nothing from the message is used; a fresh login to the same profile's IdP.
        await this.#throttleConversion(profile, request.context)
        const bindingSecret = request.bindingSecret ?? newSecret()
        const location = await this.startLogin(profile, 'idp_initiated', bindingSecret)
        await store.read.audit.insert(
          auditEvent(clock, {
            orgId: profile.orgId,
            type: 'saml.unsolicited_converted',
            outcome: 'success',
            actor: anonymousActor(request.context),
            target: { type: 'sso_profile', id: profile.id },
          }),
        )
        return { kind: 'converted', location, bindingSecret }
      }
      if (!(error instanceof AppError)) throw error
      const test = await failedTest(this.#deps, profile, input, request)
      if (test !== undefined) return test
      await this.#auditFailure(profile, error, request.context, { profileId: profile.id })
      throw error
    }
  }

  /**
   * The profile a response is checked against: the one the ACS URL names, as it is — or, when the
   * response claims to answer a test of metadata held for approval in this browser, as the held metadata
   * would make it. The claim is only a selector: the pipeline then consumes that very test request (or
   * the response is refused), so held metadata can never sign anyone in.
   */
  async #responseProfile(request: ACSRequest): Promise<{ profile: SSOProfile; staged: boolean }> {
    const { store, clock } = this.#deps
    const found =
      request.profileId.length > 100
        ? undefined
        : await store.read.ssoProfiles.findByPathId(request.profileId)
    if (found?.stagedMetadata?.status === 'pending' && request.bindingSecret !== undefined) {
      const requestId = peekInResponseTo(request.samlResponse)
      const pending =
        requestId === undefined
          ? undefined
          : await store.read.samlRequests.findPending(
              found.id,
              requestId,
              hashSecret(request.bindingSecret),
              clock.now(),
            )
      if (pending?.purpose === 'test_staged') {
        return { profile: withStagedMetadata(found, clock.now()), staged: true }
      }
    }
    return { profile: await this.profileForPath(request.profileId), staged: false }
  }

  /** An IdP (or someone) posting unsolicited responses in a loop is slowed down (FLOW-04). */
  async #throttleConversion(profile: SSOProfile, context: RequestContext): Promise<void> {
    const { store, clock } = this.#deps
    const now = clock.now()
    const key = rateLimitKey('conversion', context.ip)
    const admission = await store.read.rateLimits.admitLocked(key, RATE_LIMITS.conversion, now)
    if (admission.admittedAt === null) {
      const error = new AppError('login.rate_limited', {
        detail: 'unsolicited responses in a loop',
      })
      await this.#auditFailure(profile, error, context, { profileId: profile.id })
      throw error
    }
  }

  async #signIn(
    repos: SAMLRepos,
    profile: SSOProfile,
    outcome: ACSOutcome,
    request: ACSRequest,
  ): Promise<ACSResult> {
    const { clock, publicUrl } = this.#deps
    const now = clock.now()
    const userId = outcome.userId ?? ''
    const { session, secret } = newSession(clock, this.#deps.lifetimes, {
      orgId: profile.orgId,
      userId,
      authMethod: 'saml',
      ssoProfileId: profile.id,
    })
    if (request.sessionSecret !== undefined)
      await repos.sessions.revoke(hashSecret(request.sessionSecret), now)
    await repos.sessions.insert(session)
    await repos.users.recordLogin(profile.orgId, userId, now)
    let location: string | undefined
    const transactionId = outcome.pending?.loginTransactionId ?? null
    if (transactionId !== null) {
      const transaction = await repos.loginTransactions.find(transactionId)
      if (
        transaction === undefined ||
        !(await repos.loginTransactions.complete(transactionId, now))
      ) {
        throw new AppError('login.transaction_expired')
      }
      location = await completeAuthorization(
        repos.authCodes,
        clock,
        publicUrl,
        transaction,
        session,
      )
    } else if (profile.defaultClientId !== null) {
      // IdP-initiated: hand the user to the console's login initiation URI (OIDC Core §4).
      const client = await repos.clients.findById(profile.defaultClientId)
      if (client?.initiateLoginUri) {
        const url = new URL(client.initiateLoginUri)
        url.searchParams.set('iss', publicUrl)
        url.searchParams.set('login_hint', outcome.assertion?.email ?? '')
        location = url.href
      }
    }
    await repos.audit.insert(
      auditEvent(clock, {
        orgId: profile.orgId,
        type: 'login.succeeded',
        outcome: 'success',
        actor: userActor(userId, request.context),
        target: { type: 'user', id: userId },
        details: {
          method: 'saml',
          ssoProfileId: profile.id,
          sid: session.sid,
          assertionId: outcome.assertion?.assertionId,
          purpose: outcome.pending?.purpose,
        },
      }),
    )
    return { kind: 'signed_in', location, sessionSecret: secret }
  }

  async #auditFailure(
    profile: SSOProfile | null,
    error: AppError,
    context: RequestContext,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.#deps.store.read.audit.insert(
      auditEvent(this.#deps.clock, {
        orgId: profile?.orgId ?? null,
        type: 'login.failed',
        outcome: 'failure',
        reasonCode: error.code,
        actor: anonymousActor(context),
        target: profile === null ? null : { type: 'sso_profile', id: profile.id },
        details: { method: 'saml', detail: error.detail ?? null, ...details },
      }),
    )
  }
}
