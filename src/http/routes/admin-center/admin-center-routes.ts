/**
 * The Admin Center (SPEC §4) at `PUBLIC_URL/admin`: a single-page app over the Admin API, served as
 * static hashed files under a strict CSP. The server decides who gets it before a byte of it is sent: no
 * session → the normal login pages (as the built-in Admin Center client, PKCE) and back; a member → a page
 * saying they have no access; an admin or owner → the app, which then uses the session and its CSRF token
 * exactly as any Admin API caller does.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AdminPrincipalService } from '../../../services/organization/admin-principal.ts'
import { ADMIN_CENTER_CLIENT_ID } from '../../../oidc/oidc-client.ts'
import type { OIDCService } from '../../../services/sign-in/oidc-service.ts'
import { Params } from '../../../platform/params.ts'
import { clearCookie, parseCookies, serializeCookie, type CookieNames } from '../../cookies.ts'
import { toLoginPageError } from '../../errors/login-page.ts'
import { AppError } from '../../../errors/app-error.ts'
import { requestContext, sendPage } from '../../request.ts'
import { errorPage } from '../login/pages.ts'
import { noAccessPage, notBuiltPage, signedOutPage } from './admin-center-pages.ts'
import type { AdminCenterFiles } from './admin-center-files.ts'
import { NONCE_LENGTH, readSignInCookie, startBuiltInSignIn } from './builtin-sign-in.ts'

import type { FrameFor } from '../../page-frames.ts'
import type { SetupLinkService } from '../../../services/operator/setup-link-service.ts'
import { userActor } from '../../../audit/request-context.ts'
export interface AdminCenterDeps {
  readonly frame: FrameFor
  readonly files: AdminCenterFiles
  readonly principals: AdminPrincipalService
  readonly oidc: OIDCService
  readonly cookies: CookieNames
  readonly secureCookies: boolean
  readonly publicUrl: string
  readonly setupLinks: SetupLinkService
}

/** The app's CSP: its own scripts, styles and API only. */
export const ADMIN_CENTER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ')

export function registerAdminCenterRoutes(app: FastifyInstance, deps: AdminCenterDeps): void {
  const { files, cookies } = deps
  const startSignIn = (reply: FastifyReply, path: string, options?: { maxAge?: number }) =>
    startBuiltInSignIn(reply, deps, path, options)
  const callback = `${deps.publicUrl}/admin/callback`

  app.get<{ Params: { '*': string } }>('/admin/assets/*', async (request, reply) => {
    const file = files.asset(request.params['*'])
    if (file === undefined) return reply.code(404).send()
    return reply
      .header('content-type', file.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('content-security-policy', ADMIN_CENTER_CSP)
      .send(file.body)
  })

  app.get('/admin/callback', async (request, reply) => {
    const query = new URL(request.url, 'http://x').searchParams
    const cookie = parseCookies(request.headers.cookie).get(cookies.adminSignIn) ?? ''
    const { nonce, verifier, returnTo } = readSignInCookie(cookie)
    reply.header('set-cookie', clearCookie(cookies.adminSignIn, deps.secureCookies))
    if (nonce.length !== NONCE_LENGTH || query.get('state') !== nonce) {
      // A stale or foreign callback: start again rather than fail.
      return startSignIn(reply, '/admin')
    }
    if (query.get('code') === null) return startSignIn(reply, returnTo)
    try {
      // The session is what signs the administrator in; redeeming the code consumes it.
      await deps.oidc.exchangeCode(
        Params.fromSearchParams(
          new URLSearchParams({
            grant_type: 'authorization_code',
            code: query.get('code') ?? '',
            redirect_uri: callback,
            client_id: ADMIN_CENTER_CLIENT_ID,
            code_verifier: verifier,
          }),
        ),
        { clientId: ADMIN_CENTER_CLIENT_ID, clientSecret: undefined, method: 'none' },
        requestContext(request),
      )
    } catch (error) {
      return sendPage(reply, 400, errorPage(deps.frame(request), toLoginPageError(error)))
    }
    return reply.redirect(returnTo, 303)
  })

  app.get('/admin/signed-out', async (request, reply) =>
    sendPage(reply, 200, signedOutPage(deps.frame(request))),
  )

  const serveApp = async (request: FastifyRequest, reply: FastifyReply) => {
    const secret = parseCookies(request.headers.cookie).get(cookies.session)
    const user = await deps.principals.sessionUser(secret)
    if (user === undefined) return startSignIn(reply, request.url)
    if (user.role === 'member') {
      return sendPage(reply, 403, noAccessPage(deps.frame(request), user.email))
    }
    const index = files.index()
    if (index === undefined) return sendPage(reply, 503, notBuiltPage(deps.frame(request)))
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', ADMIN_CENTER_CSP)
      .send(index)
  }
  /**
   * Signing in again before a sensitive change (`auth.reauthentication_required`): the login pages with
   * OIDC `max_age=0` — a password user types the password again, an SSO user goes through the IdP with
   * ForceAuthn — then back to `return` (an Admin Center path) with a fresh session.
   */
  app.get('/admin/reauthenticate', async (request, reply) => {
    const back = new URL(request.url, 'http://x').searchParams.get('return') ?? '/admin'
    return startSignIn(reply, back, { maxAge: 0 })
  })

  /**
   * A setup link from the operator's console (issue 23): the signed-in admin or owner of its organization
   * lands on its page (the link is used up then, not before); anyone else signs in first and comes back
   * here; an account of another organization, or a member, is told so and the link stays unused.
   */
  app.get<{ Params: { secret: string } }>('/admin/setup/:secret', async (request, reply) => {
    const { secret } = request.params
    const showError = (error: unknown, status?: number) => {
      const pageError = toLoginPageError(error)
      return sendPage(reply, status ?? pageError.status, errorPage(deps.frame(request), pageError))
    }
    try {
      const orgId = await deps.setupLinks.peek(secret)
      const user = await deps.principals.sessionUser(
        parseCookies(request.headers.cookie).get(cookies.session),
      )
      if (user === undefined) return startSignIn(reply, request.url)
      if (user.orgId !== orgId || user.role === 'member') {
        return showError(new AppError('login.setup_link_other_account'))
      }
      const landing = await deps.setupLinks.use(
        secret,
        orgId,
        userActor(user.id, requestContext(request)),
      )
      if (landing.returnUrl !== null) {
        reply.header(
          'set-cookie',
          serializeCookie(cookies.consoleReturn, landing.idHash, {
            secure: deps.secureCookies,
            maxAgeSeconds: 24 * 3600,
          }),
        )
      }
      return reply.redirect(landing.path, 303)
    } catch (error) {
      return showError(error)
    }
  })

  app.get('/admin', serveApp)
  app.get('/admin/*', serveApp)
}
