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
import { hashSecret } from '../platform/crypto.ts'
import { newSecret } from '../platform/random.ts'
import type { Store } from '../platform/store.ts'
import { isUsable, spEndpoints, type SSOProfile } from '../sso-profiles/sso-profile.ts'
import type { SSOProfileRepository } from '../sso-profiles/sso-profile-repository.ts'
import type { UserRepository } from '../users/user-repository.ts'
import type { ACSProfile } from './acs/context.ts'
import { UnsolicitedResponse } from './acs/checks/solicitation.ts'
import { validateSAMLResponse, type ACSOutcome, type CheckFailure } from './acs/pipeline.ts'
import type { ACSPorts } from './acs/ports.ts'
import { authnRequestXML, redirectBindingURL } from './authn-request.ts'
import { peekInResponseTo } from './peek.ts'
import { SAML_REQUEST_TTL_MS, type SAMLRequestPurpose } from './saml-request.ts'
import type { SAMLRequestRepository } from './saml-request-repository.ts'

type Repos = {
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
  readonly store: Store<Repos>
  readonly clock: Clock
  readonly publicUrl: string
  readonly keys: SigningKeyService
  readonly lifetimes: SessionLifetimes
}

export interface TestResult {
  readonly passed: boolean
  readonly testedAt: number
  readonly nameId: string | null
  readonly email: string | null
  readonly issuer: string | null
  readonly attributes: Readonly<Record<string, readonly string[]>>
  readonly signature: Readonly<Record<string, unknown>> | null
  readonly failures: readonly CheckFailure[]
}

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
    if (profile === undefined || !isUsable(profile)) throw new AppError('saml.profile_unavailable')
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
    loginTransactionId: string | null,
    bindingSecret: string,
    /** The client asked for a fresh authentication (`prompt=login`, `max_age`). */
    freshAuthentication = false,
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
      loginTransactionId,
      createdAt: now,
      expiresAt: now + SAML_REQUEST_TTL_MS,
      consumedAt: null,
    })
    const sp = spEndpoints(publicUrl, profile.id)
    const xml = authnRequestXML({
      id,
      issueInstant: now,
      destination: profile.idpSsoUrl ?? '',
      acsUrl: sp.acsUrl,
      spEntityId: sp.entityId,
      forceAuthn: purpose === 'test' || freshAuthentication,
    })
    const key = profile.signRequests
      ? (await this.#deps.keys.activeKey('saml')).privateKey
      : undefined
    return redirectBindingURL(profile.idpSsoUrl ?? '', xml, undefined, key)
  }

  /** A connection test's browser leg: claims the single-use ticket, then a test-mode login. */
  async startTest(
    profileId: string,
    ticket: string | undefined,
    bindingSecret: string,
  ): Promise<string> {
    const { store, clock } = this.#deps
    const claimed =
      ticket === undefined || ticket.length > 200
        ? undefined
        : await store.read.samlRequests.consumeTestTicket(hashSecret(ticket), clock.now())
    if (claimed === undefined || claimed.profileId !== profileId)
      throw new AppError('login.transaction_expired')
    return this.startLogin(await this.profileForPath(profileId), 'test', null, bindingSecret)
  }

  /** POST to the ACS. Throws AppError (after auditing it) when the response is refused. */
  async handleResponse(request: ACSRequest): Promise<ACSResult> {
    const { store, clock } = this.#deps
    let profile: SSOProfile
    try {
      profile = await this.profileForPath(request.profileId)
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
        if (pending?.purpose === 'test')
          return this.#recordTest(repos, profile, outcome, request.context)
        return this.#signIn(repos, profile, outcome, request)
      })
    } catch (error) {
      if (error instanceof UnsolicitedResponse) {
        // SPEC §3.8: nothing from the message is used; a fresh login to the same profile's IdP.
        await this.#throttleConversion(profile, request.context)
        const bindingSecret = request.bindingSecret ?? newSecret()
        const location = await this.startLogin(profile, 'idp_initiated', null, bindingSecret)
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
      const test = await this.#failedTest(profile, input, request)
      if (test !== undefined) return test
      await this.#auditFailure(profile, error, request.context, { profileId: profile.id })
      throw error
    }
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
    repos: Repos,
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

  async #recordTest(
    repos: Repos,
    profile: SSOProfile,
    outcome: ACSOutcome,
    context: RequestContext,
  ): Promise<ACSResult> {
    const now = this.#deps.clock.now()
    const result = testResult(outcome, now)
    await repos.ssoProfiles.update(
      profile.orgId,
      profile.id,
      {
        lastTestAt: now,
        lastTestResult: { ...result },
        ...(result.passed ? { lastTestPassedAt: now } : {}),
      },
      now,
    )
    await repos.audit.insert(
      auditEvent(this.#deps.clock, {
        orgId: profile.orgId,
        type: result.passed ? 'sso.test_passed' : 'sso.test_failed',
        outcome: result.passed ? 'success' : 'failure',
        reasonCode: result.failures[0]?.code ?? null,
        actor: anonymousActor(context),
        target: { type: 'sso_profile', id: profile.id },
        details: { failures: result.failures.map((f) => ({ ...f })), email: result.email },
      }),
    )
    return { kind: 'test', profileId: profile.id, result }
  }

  /** When a refused response answers a connection test, report every failed check instead of refusing. */
  async #failedTest(
    profile: SSOProfile,
    input: Parameters<typeof validateSAMLResponse>[0],
    request: ACSRequest,
  ): Promise<ACSResult | undefined> {
    const { store } = this.#deps
    const requestId = peekInResponseTo(request.samlResponse)
    if (requestId === undefined || input.bindingHash === undefined) return undefined
    const pending = await store.read.samlRequests.findPending(
      profile.id,
      requestId,
      input.bindingHash,
      input.now,
    )
    if (pending?.purpose !== 'test') return undefined
    // Read-only ports: nothing of the test is consumed or remembered but its result.
    const outcome = await validateSAMLResponse(input, readOnlyPorts(store.read, pending), {
      collect: true,
    }).catch((error: unknown) => ({
      assertion: undefined,
      userId: undefined,
      pending: undefined,
      failures: [failureOf(error)],
      signatureAttempts: 0,
    }))
    return store.transaction(async (repos) => {
      await repos.samlRequests.consume(profile.id, pending.id, pending.bindingHash, input.now)
      return this.#recordTest(
        repos,
        profile,
        {
          ...outcome,
          failures: outcome.failures.length
            ? outcome.failures
            : [failureOf(new AppError('saml.malformed_response'))],
        },
        request.context,
      )
    })
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

export function acsProfile(profile: SSOProfile, publicUrl: string): ACSProfile {
  const sp = spEndpoints(publicUrl, profile.id)
  return {
    id: profile.id,
    orgId: profile.orgId,
    idpEntityId: profile.idpEntityId ?? '',
    spEntityId: sp.entityId,
    acsUrl: sp.acsUrl,
    certificates: profile.certificates.map((c) => c.pem),
    signaturePolicy: profile.signaturePolicy,
    clockSkewMs: profile.clockSkewSeconds * 1000,
  }
}

function portsOf(repos: Repos, now: number): ACSPorts {
  return {
    consumePendingRequest: async (profileId, requestId, bindingHash) => {
      if (bindingHash === undefined) return undefined
      const request = await repos.samlRequests.consume(profileId, requestId, bindingHash, now)
      return (
        request && {
          requestId: request.id,
          profileId: request.profileId,
          purpose: request.purpose,
          loginTransactionId: request.loginTransactionId,
        }
      )
    },
    recordAssertion: (issuer, assertionId, expiresAt) =>
      repos.samlRequests.recordAssertion(issuer, assertionId, expiresAt),
    findUser: (orgId, email) => repos.users.findByEmail(orgId, email),
    isVerifiedDomain: async (orgId, domain) =>
      (await repos.domains.findVerifiedByName(domain))?.orgId === orgId,
  }
}

function readOnlyPorts(
  repos: Repos,
  pending: { id: string; profileId: string; purpose: string },
): ACSPorts {
  return {
    consumePendingRequest: async (_profileId, requestId) =>
      requestId === pending.id
        ? {
            requestId,
            profileId: pending.profileId,
            purpose: pending.purpose,
            loginTransactionId: null,
          }
        : undefined,
    recordAssertion: async () => true,
    findUser: (orgId, email) => repos.users.findByEmail(orgId, email),
    isVerifiedDomain: async (orgId, domain) =>
      (await repos.domains.findVerifiedByName(domain))?.orgId === orgId,
  }
}

function testResult(outcome: ACSOutcome, now: number): TestResult {
  const a = outcome.assertion
  return {
    passed: outcome.failures.length === 0 && a !== undefined,
    testedAt: now,
    nameId: a?.nameId ?? null,
    email: a?.email ?? null,
    issuer: a?.issuer ?? null,
    attributes: a?.attributes ?? {},
    signature: a ? { ...a.signature } : null,
    failures: outcome.failures,
  }
}

function failureOf(error: unknown): CheckFailure {
  return error instanceof AppError
    ? { check: 'response', code: error.code, detail: error.detail }
    : { check: 'response', code: 'internal_error', detail: undefined }
}
