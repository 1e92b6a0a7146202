/**
 * The ACS (SPEC §3 steps 6–9): validates responses through the check pipeline with storage bound to one
 * transaction and on success signs the user in through the one `completeSignIn` (amr ["saml"]).
 * Unsolicited responses become a fresh AuthnRequest (§3.8). Connection tests run the same login in test
 * mode. Every refusal is audited with its detail; nothing else is written.
 */
import { auditEvent } from '../../audit/audit-log.ts'
import {
  anonymousActor,
  sourceOf,
  userActor,
  type RequestContext,
} from '../../audit/request-context.ts'
import { AppError } from '../../errors/app-error.ts'
import { completeSignIn } from './complete-sign-in.ts'
import { RATE_LIMITS, rateLimitKey } from '../../throttling/rate-limit.ts'
import type { Clock } from '../../platform/clock.ts'
import { hashSecret } from '../../platform/crypto.ts'
import { newSecret } from '../../platform/random.ts'
import type { Store } from '../../platform/store.ts'
import type { SettingBounds } from '../../orgs/org-settings.ts'
import { UnsolicitedResponse } from '../../saml/acs/checks/solicitation.ts'
import { validateSAMLResponse, type ACSOutcome } from '../../saml/acs/pipeline.ts'
import { acsProfile, portsOf, type DecryptionKeySource } from './acs-ports.ts'
import { failedTest, recordTest } from './connection-test.ts'
import { applyMappedNames } from './mapped-names.ts'
import { mapRoleAtSignIn } from './apply-role-mapping.ts'
import { peekInResponseTo } from '../../saml/peek.ts'
import type { SSOProfile } from '../../sso-profiles/sso-profile.ts'
import { withStagedMetadata } from '../../sso-profiles/staged-metadata.ts'
import { usableProfile, type SSOStartService } from './sso-start-service.ts'
import type { ACSRequest, ACSResult, SAMLRepos } from './acs-request.ts'

export interface ACSServiceDeps {
  readonly store: Store<SAMLRepos>
  readonly clock: Clock
  readonly publicUrl: string
  readonly settingBounds: SettingBounds
  /** The deployment's SAML_MAX_CLOCK_SKEW_SECONDS, applied to every profile at every response. */
  readonly maxClockSkewSeconds: number
  /** Converts unsolicited responses into a fresh SP-initiated login. */
  readonly start: SSOStartService
  /** Reads the SP's assertion-decryption keys from the given repository (the ACS's transaction). */
  readonly keys: DecryptionKeySource
}

export class ACSService {
  readonly #deps: ACSServiceDeps

  constructor(deps: ACSServiceDeps) {
    this.#deps = deps
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
      profile: acsProfile(profile, this.#deps.publicUrl, this.#deps.maxClockSkewSeconds),
      samlResponse: request.samlResponse,
      bindingHash,
      now,
    }
    try {
      return await store.transaction(async (repos) => {
        const outcome = await validateSAMLResponse(input, portsOf(repos, now, this.#deps.keys))
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
        const location = await this.#deps.start.startLogin(profile, 'idp_initiated', bindingSecret)
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
    const found = await this.#deps.start.findForPath(request.profileId)
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
    // The profile already read: no second lookup on the ACS path.
    return { profile: usableProfile(found, clock.now()), staged: false }
  }

  /** An IdP (or someone) posting unsolicited responses in a loop is slowed down (FLOW-04). */
  async #throttleConversion(profile: SSOProfile, context: RequestContext): Promise<void> {
    const { store, clock } = this.#deps
    const now = clock.now()
    const key = rateLimitKey('conversion', sourceOf(context))
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
    const { publicUrl } = this.#deps
    const userId = outcome.userId ?? ''
    const transactionId = outcome.pending?.loginTransactionId ?? null
    const transaction =
      transactionId === null ? null : await repos.loginTransactions.find(transactionId)
    if (transaction === undefined) throw new AppError('login.transaction_expired')
    const user = await repos.users.findById(profile.orgId, userId)
    const ignoredAttributes =
      user === undefined || outcome.assertion === undefined
        ? []
        : await applyMappedNames(
            repos,
            this.#deps.clock,
            profile,
            user,
            outcome.assertion.attributes,
            userActor(userId, request.context),
          )
    // Roles from the IdP's groups (issue 28): the groups this sign-in brought, under the access guard.
    const roleReport =
      user === undefined || outcome.assertion === undefined
        ? undefined
        : await mapRoleAtSignIn(
            repos,
            {
              orgId: profile.orgId,
              clock: this.#deps.clock,
              actor: userActor(userId, request.context),
            },
            user,
            outcome.assertion.attributes,
          )
    const signedIn = await completeSignIn(
      repos,
      { ...this.#deps, issuer: publicUrl },
      {
        orgId: profile.orgId,
        userId,
        emailCanonical: user?.emailCanonical ?? '',
        method: 'saml',
        ssoProfileId: profile.id,
        transaction,
        previousSessionSecret: request.sessionSecret,
        deviceSecret: request.deviceSecret,
        context: request.context,
        details: {
          ssoProfileId: profile.id,
          assertionId: outcome.assertion?.assertionId,
          purpose: outcome.pending?.purpose,
          ...(ignoredAttributes.length > 0 && { ignoredAttributes }),
          ...roleReport,
        },
      },
    )
    let location = signedIn.location
    if (transaction === null && profile.defaultClientId !== null) {
      // IdP-initiated: hand the user to the console's login initiation URI (OIDC Core §4).
      const client = await repos.clients.findById(profile.defaultClientId)
      if (client?.initiateLoginUri) {
        const url = new URL(client.initiateLoginUri)
        url.searchParams.set('iss', publicUrl)
        url.searchParams.set('login_hint', outcome.assertion?.email ?? '')
        location = url.href
      }
    }
    return {
      kind: 'signed_in',
      location,
      sessionSecret: signedIn.sessionSecret,
      deviceSecret: signedIn.deviceSecret,
    }
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
