/**
 * The OpenID Provider: authorization requests, the token endpoint's code exchange, userinfo and
 * end-session. Protocol rules are pure (authorization-request.ts, pkce.ts, id-token.ts); this file
 * loads, decides with them, and writes each outcome in one transaction.
 */
import type { EventRepository } from '../../events/event-repository.ts'
import { recordEndedSessions } from './ended-sessions.ts'
import { ID_TOKEN_ALGS, purposeForAlg } from '../../oidc/signing-key.ts'
import type { AuditRepository } from '../../audit/audit-repository.ts'
import { auditEvent } from '../../audit/audit-log.ts'
import { newLoginTransaction } from '../../oidc/login-transaction.ts'
import type { LoginTransactionRepository } from '../../oidc/login-transaction-repository.ts'
import { anonymousActor, userActor, type RequestContext } from '../../audit/request-context.ts'
import type { Session } from '../../sessions/session.ts'
import type { SessionRepository } from '../../sessions/session-repository.ts'
import type { SessionService } from './session-service.ts'
import { AppError } from '../../errors/app-error.ts'
import type { Clock } from '../../platform/clock.ts'
import { hashSecret } from '../../platform/crypto.ts'
import type { Params } from '../../platform/params.ts'
import type { Store } from '../../platform/store.ts'
import type { UserRepository } from '../../users/user-repository.ts'
import { issueAccessToken } from '../../oidc/access-token.ts'
import type { AccessTokenRepository } from '../../oidc/access-token-repository.ts'
import type { AuthCodeRepository } from '../../oidc/auth-code-repository.ts'
import {
  assertNoDuplicateParams,
  checkClientAndRedirect,
  clientRedirect,
  mayReuseAuthentication,
  validateAuthorizationRequest,
} from '../../oidc/authorization-request.ts'
import { completeAuthorization } from './complete-authorization.ts'
import {
  ID_TOKEN_TTL_SECONDS,
  idTokenClaims,
  organizationClaims,
  signIDToken,
} from '../../oidc/id-token.ts'
import { isSuspended } from '../../orgs/organization.ts'
import type { OrganizationRepository } from '../../orgs/organization-repository.ts'
import { acceptsSecretHash, type OIDCClient } from '../../oidc/oidc-client.ts'
import type { OIDCClientRepository } from '../../oidc/oidc-client-repository.ts'
import { verifyPKCE } from '../../oidc/pkce.ts'
import type { SigningKeyService } from './signing-key-service.ts'
import { jwtVerify, createLocalJWKSet } from 'jose'

export interface OIDCServiceDeps {
  readonly store: Store<{
    events: EventRepository
    clients: OIDCClientRepository
    loginTransactions: LoginTransactionRepository
    authCodes: AuthCodeRepository
    accessTokens: AccessTokenRepository
    sessions: SessionRepository
    users: UserRepository
    orgs: OrganizationRepository
    audit: AuditRepository
  }>
  readonly clock: Clock
  readonly issuer: string
  readonly keys: SigningKeyService
  readonly sessions: SessionService
}

export type AuthorizeResult =
  /** Go to the login pages with this transaction; set the binding cookie first. */
  | {
      readonly kind: 'login'
      readonly transactionId: string
      readonly bindingSecret: string
      readonly clientOrigin: string
    }
  /** Back to the client: a code (existing session) or an error it should see. */
  | { readonly kind: 'redirect'; readonly location: string }

/** Client credentials as presented at the token endpoint (RFC 6749 §2.3.1). */
export interface ClientCredentials {
  readonly clientId: string | undefined
  readonly clientSecret: string | undefined
  readonly method: 'none' | 'client_secret_basic' | 'client_secret_post'
}

export interface TokenResponse {
  readonly access_token: string
  readonly token_type: 'Bearer'
  readonly expires_in: number
  readonly id_token: string
  readonly scope: string
}

export class OIDCService {
  readonly #deps: OIDCServiceDeps

  constructor(deps: OIDCServiceDeps) {
    this.#deps = deps
  }

  /**
   * GET /authorize. Throws AppError for problems found before the redirect URI is trusted (the caller
   * shows a page); later problems come back as a redirect carrying the error to the client.
   */
  async authorize(
    params: Params,
    sessionSecret: string | undefined,
    bindingSecret: string | undefined,
  ): Promise<AuthorizeResult> {
    const { store, clock, issuer } = this.#deps
    assertNoDuplicateParams(params)
    const clientId = params.get('client_id')
    const found = clientId === undefined ? undefined : await store.read.clients.findById(clientId)
    const { client, redirectUri } = checkClientAndRedirect(params, found)
    let request
    try {
      request = validateAuthorizationRequest(params, client, redirectUri)
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      return {
        kind: 'redirect',
        location: clientRedirect(redirectUri, issuer, {
          ...oauthErrorParams(error),
          state: params.get('state'),
        }),
      }
    }
    const existing = await this.#deps.sessions.resolve(sessionSecret)
    const session =
      existing !== undefined && mayReuseAuthentication(request, existing.createdAt, clock.now())
        ? existing
        : undefined
    if (session !== undefined) {
      const location = await store.transaction(({ authCodes }) =>
        completeAuthorization(authCodes, clock, issuer, request, session),
      )
      return { kind: 'redirect', location }
    }
    if (request.prompt === 'none') {
      return {
        kind: 'redirect',
        location: clientRedirect(redirectUri, issuer, {
          error: 'login_required',
          state: request.state,
        }),
      }
    }
    // Asked for a fresh authentication: SSO must make the IdP authenticate again too (ForceAuthn).
    const forceAuthn = request.prompt === 'login' || request.maxAgeSeconds !== null
    const started = newLoginTransaction(clock, request, bindingSecret, forceAuthn)
    await store.read.loginTransactions.insert(started.transaction)
    return {
      kind: 'login',
      transactionId: started.transaction.id,
      bindingSecret: started.bindingSecret,
      clientOrigin: new URL(redirectUri).origin,
    }
  }

  /** POST /token, grant_type=authorization_code (RFC 6749 §4.1.3, RFC 7636 §4.5). */
  async exchangeCode(
    params: Params,
    credentials: ClientCredentials,
    context: RequestContext,
  ): Promise<TokenResponse> {
    const { store, clock, issuer } = this.#deps
    assertNoDuplicateParams(params)
    if (params.get('grant_type') !== 'authorization_code') {
      throw new AppError('oidc.unsupported_grant_type')
    }
    const client = await this.#authenticateClient(credentials)
    const codeSecret = params.get('code')
    if (codeSecret === undefined || codeSecret.length > 200)
      throw new AppError('oidc.invalid_grant')
    const codeHash = hashSecret(codeSecret)
    const now = clock.now()

    // Consumption, every check and the access token are one transaction: a second redemption racing
    // this one waits for it, then finds the code used and revokes what this one issued (RFC 6749
    // §4.1.2, SECURITY-CASES FLOW-05). A refused redemption still consumes the code.
    const outcome = await store.transaction(async (repos) => {
      const code = await repos.authCodes.consume(codeHash, now)
      if (code === undefined) {
        await this.#revokeReusedCode(repos, codeHash, client.id, now, context)
        return invalidGrant('code unknown or already used')
      }
      if (code.clientId !== client.id) return invalidGrant('code issued to another client')
      if (code.expiresAt <= now) return invalidGrant('code expired')
      if (code.revokedAt !== null) return invalidGrant('code revoked')
      if (params.get('redirect_uri') !== code.redirectUri) {
        return invalidGrant('redirect_uri mismatch')
      }
      if (!verifyPKCE(params.get('code_verifier'), code.codeChallenge)) {
        return invalidGrant('PKCE verification failed')
      }
      const user = await repos.users.findById(code.orgId, code.userId)
      if (user?.status !== 'active') return invalidGrant('user not active')
      const org = await repos.orgs.findById(code.orgId)
      if (org === undefined || isSuspended(org)) return invalidGrant('organization suspended')
      const session = await repos.sessions.findBySid(code.orgId, code.sessionSid)
      if (session === undefined || session.revokedAt !== null) return invalidGrant('session ended')
      const issued = issueAccessToken(clock, {
        codeHash,
        orgId: code.orgId,
        userId: code.userId,
        clientId: client.id,
        sessionSid: code.sessionSid,
        scope: code.scope,
      })
      await repos.accessTokens.insert(issued.token)
      // The session's logout tokens go to every client it gave tokens to (Back-Channel Logout).
      await repos.sessions.recordClient(code.orgId, code.sessionSid, client.id, now)
      return { code, user, org, ...issued }
    })
    if (outcome instanceof AppError) throw outcome
    const { code, user: active, org, token, secret } = outcome

    const { key, privateKey } = await this.#deps.keys.activeKey(purposeForAlg(client.idTokenAlg))
    const idToken = await signIDToken(
      idTokenClaims({
        issuer,
        clientId: client.id,
        userId: active.id,
        email: active.email,
        orgId: active.orgId,
        amr: code.amr,
        sid: code.sessionSid,
        nonce: code.nonce,
        authTimeMs: code.authTime,
        nowMs: now,
        scope: code.scope,
        name: { given: active.givenName, family: active.familyName, display: active.displayName },
        organization: { name: org.name, role: active.role },
      }),
      key,
      privateKey,
    )
    return {
      access_token: secret,
      token_type: 'Bearer',
      expires_in: Math.floor((token.expiresAt - now) / 1000),
      id_token: idToken,
      scope: code.scope,
    }
  }

  /** A second use of a code: revoke what its first use issued, and audit it (RFC 6749 §4.1.2). */
  async #revokeReusedCode(
    repos: {
      authCodes: AuthCodeRepository
      accessTokens: AccessTokenRepository
      audit: AuditRepository
    },
    codeHash: string,
    clientId: string,
    now: number,
    context: RequestContext,
  ): Promise<void> {
    const reused = await repos.authCodes.find(codeHash)
    if (reused === undefined || reused.clientId !== clientId) return
    const revoked = await repos.accessTokens.revokeByCode(codeHash, now)
    await repos.audit.insert(
      auditEvent(this.#deps.clock, {
        orgId: reused.orgId,
        type: 'oidc.code_reused',
        outcome: 'failure',
        reasonCode: 'oidc.invalid_grant',
        actor: anonymousActor(context),
        target: { type: 'user', id: reused.userId },
        details: { clientId, revokedAccessTokens: revoked },
      }),
    )
  }

  /** GET/POST /userinfo with a bearer access token (OIDC Core §5.3). */
  async userinfo(accessToken: string | undefined): Promise<Record<string, unknown>> {
    const { store, clock } = this.#deps
    if (accessToken === undefined || accessToken.length > 200)
      throw new AppError('oidc.invalid_token')
    const token = await store.read.accessTokens.findActive(hashSecret(accessToken), clock.now())
    if (token === undefined) throw new AppError('oidc.invalid_token')
    const user = await store.read.users.findById(token.orgId, token.userId)
    if (user?.status !== 'active') throw new AppError('oidc.invalid_token')
    const org = await store.read.orgs.findById(token.orgId)
    if (org === undefined || isSuspended(org)) throw new AppError('oidc.invalid_token')
    const claims: Record<string, unknown> = {
      sub: user.id,
      email: user.email,
      org_id: user.orgId,
      ...organizationClaims(token.scope, { name: org.name, role: user.role }),
    }
    if (token.scope.split(' ').includes('profile')) {
      if (user.givenName) claims['given_name'] = user.givenName
      if (user.familyName) claims['family_name'] = user.familyName
      if (user.displayName) claims['name'] = user.displayName
    }
    return claims
  }

  /**
   * End-session (OIDC RP-Initiated Logout 1.0). Ends the browser's session when the request proves it
   * comes from the relying party (a valid id_token_hint for this session) or from our own confirmation
   * form (`confirmed`); returns where to send the browser, or undefined to show the signed-out page.
   */
  async endSession(
    params: Params,
    sessionSecret: string | undefined,
    confirmed: boolean,
    context: RequestContext,
  ): Promise<{ ended: boolean; needsConfirmation: boolean; location: string | undefined }> {
    const { store } = this.#deps
    assertNoDuplicateParams(params)
    const hint = params.get('id_token_hint')
    const hintClaims = hint === undefined ? undefined : await this.#readIDTokenHint(hint)
    const clientId = params.get('client_id') ?? (hintClaims?.['aud'] as string | undefined)
    const client = clientId === undefined ? undefined : await store.read.clients.findById(clientId)
    if (clientId !== undefined && client === undefined)
      throw new AppError('oidc.invalid_logout_request')
    if (hintClaims !== undefined && client !== undefined && hintClaims['aud'] !== client.id) {
      throw new AppError('oidc.invalid_logout_request', {
        detail: 'id_token_hint for another client',
      })
    }
    const postLogout = params.get('post_logout_redirect_uri')
    let location: string | undefined
    if (postLogout !== undefined) {
      if (client === undefined || !client.postLogoutRedirectUris.includes(postLogout)) {
        throw new AppError('oidc.invalid_logout_request', {
          detail: 'unregistered post_logout_redirect_uri',
        })
      }
      const url = new URL(postLogout)
      const state = params.get('state')
      if (state !== undefined) url.searchParams.set('state', state)
      location = url.href
    }
    const session = await this.#deps.sessions.resolve(sessionSecret)
    if (session === undefined) return { ended: false, needsConfirmation: false, location }
    const proven = hintClaims !== undefined && hintClaims['sid'] === session.sid
    if (!proven && !confirmed) return { ended: false, needsConfirmation: true, location }
    await this.#revokeSession(session, context)
    return { ended: true, needsConfirmation: false, location }
  }

  async #revokeSession(session: Session, context: RequestContext): Promise<void> {
    const { store, clock } = this.#deps
    const now = clock.now()
    await store.transaction(async ({ sessions, accessTokens, events, audit }) => {
      if (await sessions.revoke(session.idHash, now)) {
        await recordEndedSessions(events, {
          orgId: session.orgId,
          sessions: [session],
          reason: 'logout',
          actor: userActor(session.userId, context),
          at: now,
        })
      }
      await accessTokens.revokeBySession(session.sid, now)
      await audit.insert(
        auditEvent(clock, {
          orgId: session.orgId,
          type: 'logout',
          outcome: 'success',
          actor: userActor(session.userId, context),
          target: { type: 'session', id: session.sid },
        }),
      )
    })
  }

  async #readIDTokenHint(hint: string): Promise<Record<string, unknown> | undefined> {
    if (hint.length > 8192) return undefined
    const keys = await this.#deps.keys.idTokenJWKs()
    try {
      const { payload } = await jwtVerify(hint, createLocalJWKSet({ keys }), {
        issuer: this.#deps.issuer,
        algorithms: [...ID_TOKEN_ALGS],
        // An expired ID token is still a fine hint (OIDC RP-Initiated Logout §2).
        clockTolerance: ID_TOKEN_TTL_SECONDS * 1000 * 1000,
      })
      return payload
    } catch {
      throw new AppError('oidc.invalid_logout_request', { detail: 'id_token_hint does not verify' })
    }
  }

  async #authenticateClient(credentials: ClientCredentials): Promise<OIDCClient> {
    const { clientId, clientSecret, method } = credentials
    const client =
      clientId === undefined ? undefined : await this.#deps.store.read.clients.findById(clientId)
    if (client === undefined || client.disabledAt !== null)
      throw new AppError('oidc.invalid_client')
    if (client.secretHash === null) {
      // A public client must not present a secret (it has none to present).
      if (method !== 'none') throw new AppError('oidc.invalid_client')
      return client
    }
    if (method === 'none' || clientSecret === undefined) throw new AppError('oidc.invalid_client')
    if (!acceptsSecretHash(client, hashSecret(clientSecret), this.#deps.clock.now())) {
      throw new AppError('oidc.invalid_client')
    }
    return client
  }
}

function invalidGrant(detail: string): AppError {
  return new AppError('oidc.invalid_grant', { detail })
}

/** RFC 6749 §4.1.2.1 error parameters for an AppError raised while validating a request. */
function oauthErrorParams(error: AppError): Record<string, string> {
  const name =
    error.code === 'oidc.unsupported_response_type'
      ? 'unsupported_response_type'
      : error.code === 'oidc.invalid_scope'
        ? 'invalid_scope'
        : error.code === 'oidc.request_not_supported'
          ? 'request_not_supported'
          : 'invalid_request'
  return { error: name, error_description: error.message }
}
