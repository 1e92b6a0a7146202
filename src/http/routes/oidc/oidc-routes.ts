/**
 * OpenID Connect endpoints (SPEC §7): discovery, JWKS, authorization, token, userinfo, end-session.
 * Thin: read parameters and credentials, call the OIDC service, map to the protocol's shapes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, isAppError } from '../../../errors/app-error.ts'
import { discoveryDocument, OIDC_PATHS } from '../../../oidc/discovery.ts'
import type { ClientCredentials, OIDCService } from '../../../services/sign-in/oidc-service.ts'
import type { SigningKeyService } from '../../../services/sign-in/signing-key-service.ts'
import { constantEquals } from '../../../platform/crypto.ts'
import type { Params } from '../../../platform/params.ts'
import { newSecret } from '../../../platform/random.ts'
import { bearerToken } from '../../authorization.ts'
import { clearCookie, parseCookies, serializeCookie, type CookieNames } from '../../cookies.ts'
import { toLoginPageError } from '../../errors/login-page.ts'
import { mapOAuthError } from '../../errors/oauth.ts'
import { bodyParams, queryParams, requestContext, sendPage } from '../../request.ts'
import { LOGIN_TRANSACTION_TTL_MS } from '../../../oidc/login-transaction.ts'
import { errorPage, logoutConfirmPage, signedOutPage } from '../login/pages.ts'

import type { SignInContextService } from '../../../services/sign-in/sign-in-context.ts'
import type { FrameFor } from '../../page-frames.ts'
export interface OIDCRoutesDeps {
  readonly oidc: OIDCService
  readonly keys: SigningKeyService
  readonly issuer: string
  readonly cookies: CookieNames
  readonly secureCookies: boolean
  readonly contexts: SignInContextService
  readonly frame: FrameFor
}

export function registerOIDCRoutes(app: FastifyInstance, deps: OIDCRoutesDeps): void {
  const { oidc, cookies, secureCookies } = deps
  const discovery = discoveryDocument(deps.issuer)

  app.get(OIDC_PATHS.discovery, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(discovery),
  )

  app.get(OIDC_PATHS.jwks, async (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=300')
      .header('content-type', 'application/jwk-set+json')
      .send({ keys: await deps.keys.idTokenJWKs() }),
  )

  // OIDC Core §3.1.2.1: the authorization endpoint takes GET (query) and POST (form body).
  const authorize = async (request: FastifyRequest, reply: FastifyReply, params: Params) => {
    const jar = parseCookies(request.headers.cookie)
    try {
      const result = await oidc.authorize(
        params,
        jar.get(cookies.session),
        jar.get(cookies.loginBinding),
      )
      if (result.kind === 'redirect') return reply.redirect(result.location, 303)
      reply.header(
        'set-cookie',
        serializeCookie(cookies.loginBinding, result.bindingSecret, {
          secure: secureCookies,
          maxAgeSeconds: LOGIN_TRANSACTION_TTL_MS / 1000,
        }),
      )
      return reply.redirect(`/login?tx=${encodeURIComponent(result.transactionId)}`, 303)
    } catch (error) {
      if (!isAppError(error)) reply.log.error({ err: error }, 'authorization failed')
      const pageError = toLoginPageError(error)
      // Not the client's own link: the request that failed may not be the client's at all.
      const frame = deps.frame(
        request,
        await deps.contexts.forClient(undefined),
        params.get('ui_locales'),
      )
      return sendPage(reply, pageError.status, errorPage(frame, pageError))
    }
  }
  app.get(OIDC_PATHS.authorization, (request, reply) =>
    authorize(request, reply, queryParams(request)),
  )
  app.post(OIDC_PATHS.authorization, (request, reply) =>
    authorize(request, reply, bodyParams(request)),
  )

  app.post(OIDC_PATHS.token, async (request, reply) => {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache')
    const params = bodyParams(request)
    let credentials: ClientCredentials | undefined
    try {
      credentials = clientCredentials(
        request.headers.authorization,
        params.get('client_id'),
        params.get('client_secret'),
      )
      return await oidc.exchangeCode(params, credentials, requestContext(request))
    } catch (error) {
      return sendOAuthError(
        reply,
        error,
        credentials?.method === 'client_secret_basic' ? 'Basic' : undefined,
      )
    }
  })

  const userinfo = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'no-store')
    try {
      return await oidc.userinfo(bearerToken(request.headers.authorization))
    } catch (error) {
      return sendOAuthError(reply, error, 'Bearer')
    }
  }
  app.get(OIDC_PATHS.userinfo, userinfo)
  app.post(OIDC_PATHS.userinfo, userinfo)

  /**
   * RP-Initiated Logout §2 takes GET and POST (form-serialized parameters). A POST that carries our
   * `csrf` field is the confirmation form of the logout page, whose parameters ride in the query.
   */
  /** Sign-out pages name the client that asked (and lead back to it), when it says which. */
  const logoutFrame = async (
    request: FastifyRequest,
    params: { get(name: string): string | undefined },
  ) => {
    const clientId = params.get('client_id')
    const context = await deps.contexts.forClient(
      clientId !== undefined && clientId.length <= 200 ? clientId : undefined,
    )
    return deps.frame(request, context, params.get('ui_locales'))
  }
  const endSession = async (request: FastifyRequest, reply: FastifyReply) => {
    const jar = parseCookies(request.headers.cookie)
    const body = bodyParams(request)
    const confirmed = request.method === 'POST' && body.has('csrf')
    const params = request.method === 'POST' && !confirmed ? body : queryParams(request)
    try {
      if (confirmed) {
        const csrf = body.get('csrf')
        const cookie = jar.get(cookies.csrf)
        if (csrf === undefined || cookie === undefined || !constantEquals(csrf, cookie)) {
          throw new AppError('login.csrf_failed')
        }
      }
      const result = await oidc.endSession(
        params,
        jar.get(cookies.session),
        confirmed,
        requestContext(request),
      )
      if (result.needsConfirmation) {
        const csrf = newSecret()
        reply.header(
          'set-cookie',
          serializeCookie(cookies.csrf, csrf, { secure: secureCookies, maxAgeSeconds: 600 }),
        )
        const frame = await logoutFrame(request, params)
        return sendPage(reply, 200, logoutConfirmPage(frame, csrf, params.toQueryString()))
      }
      reply.header('set-cookie', clearCookie(cookies.session, secureCookies))
      if (result.location !== undefined) return reply.redirect(result.location, 303)
      return sendPage(reply, 200, signedOutPage(await logoutFrame(request, params)))
    } catch (error) {
      const pageError = toLoginPageError(error)
      const frame = await logoutFrame(request, params)
      return sendPage(reply, pageError.status, errorPage(frame, pageError, 'error.title_logout'))
    }
  }
  app.get(OIDC_PATHS.endSession, endSession)
  app.post(OIDC_PATHS.endSession, endSession)
}

/** RFC 6749 §2.3.1: HTTP Basic (form-urlencoded id and secret) or the body, never both. */
function clientCredentials(
  authorization: string | undefined,
  bodyId: string | undefined,
  bodySecret: string | undefined,
): ClientCredentials {
  if (authorization !== undefined && /^basic /i.test(authorization)) {
    if (bodySecret !== undefined) throw new AppError('oidc.invalid_request')
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0) throw new AppError('oidc.invalid_client')
    try {
      const clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '))
      const clientSecret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '))
      if (bodyId !== undefined && bodyId !== clientId) throw new AppError('oidc.invalid_request')
      return { clientId, clientSecret, method: 'client_secret_basic' }
    } catch (error) {
      if (error instanceof AppError) throw error
      throw new AppError('oidc.invalid_client')
    }
  }
  if (bodySecret !== undefined)
    return { clientId: bodyId, clientSecret: bodySecret, method: 'client_secret_post' }
  return { clientId: bodyId, clientSecret: undefined, method: 'none' }
}

function sendOAuthError(
  reply: FastifyReply,
  error: unknown,
  scheme: 'Basic' | 'Bearer' | undefined,
) {
  const mapped = mapOAuthError(error)
  if (mapped.unexpected) reply.log.error({ err: error }, 'OAuth endpoint failed')
  if (mapped.status === 401 && scheme !== undefined) {
    reply.header(
      'www-authenticate',
      scheme === 'Bearer' ? `Bearer error="${mapped.body.error}"` : 'Basic realm="portcullis"',
    )
  }
  return reply.code(mapped.status).send(mapped.body)
}
