/**
 * The forgotten-password pages (issue 10): `/login/forgot` asks for a link and answers the same for every
 * address; `/reset/{token}` sets a new password. Forms are protected by a double-submit CSRF cookie, as
 * the invitation pages are.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { LoginService } from '../../../services/sign-in/login-service.ts'
import type { PasswordResetService } from '../../../services/sign-in/password-reset-service.ts'
import { AppError, isAppError } from '../../../errors/app-error.ts'
import { constantEquals } from '../../../platform/crypto.ts'
import { newSecret } from '../../../platform/random.ts'
import { clearCookie, parseCookies, serializeCookie, type CookieNames } from '../../cookies.ts'
import { toLoginPageError } from '../../errors/login-page.ts'
import { bodyParams, queryParams, requestContext, sendPage } from '../../request.ts'
import { errorPage } from './pages.ts'
import { forgotPage, forgotSentPage } from './reset-pages.ts'
import { choosePasswordPage, inviteDonePage } from './pages.ts'
import { landAfterEmailedLink } from './emailed-link-landing.ts'
import type { SignInContextService } from '../../../services/sign-in/sign-in-context.ts'
import type { LoginTransaction } from '../../../oidc/login-transaction.ts'
import type { FrameFor } from '../../page-frames.ts'

export interface ResetRoutesDeps {
  readonly resets: PasswordResetService
  readonly login: LoginService
  readonly cookies: CookieNames
  readonly secureCookies: boolean
  readonly sessionMaxAgeSeconds: number
  readonly contexts: SignInContextService
  readonly frame: FrameFor
}

const RESET_FORM_ERRORS = new Set([
  'password.too_short',
  'password.too_long',
  'password.mismatch',
  'password.contains_email',
])

export function registerResetRoutes(app: FastifyInstance, deps: ResetRoutesDeps): void {
  const { resets, cookies } = deps
  const newCsrf = (reply: FastifyReply): string => {
    const csrf = newSecret()
    reply.header(
      'set-cookie',
      serializeCookie(cookies.csrf, csrf, { secure: deps.secureCookies, maxAgeSeconds: 3600 }),
    )
    return csrf
  }
  const checkCsrf = (request: FastifyRequest): string => {
    const cookie = parseCookies(request.headers.cookie).get(cookies.csrf)
    const sent = bodyParams(request).get('csrf')
    if (cookie === undefined || sent === undefined || !constantEquals(cookie, sent)) {
      throw new AppError('login.csrf_failed')
    }
    return cookie
  }
  /** The sign-in this page belongs to, if any, names the application; the email is never used. */
  const frameOf = async (request: FastifyRequest, transaction?: LoginTransaction) =>
    deps.frame(
      request,
      await deps.contexts.forClient(transaction?.clientId),
      transaction?.uiLocales ?? null,
    )
  const showError = async (
    request: FastifyRequest,
    reply: FastifyReply,
    error: unknown,
  ): Promise<FastifyReply> => {
    if (!isAppError(error)) reply.log.error({ err: error }, 'reset page failed')
    const seconds = isAppError(error) ? error.details?.['retryAfterSeconds'] : undefined
    if (typeof seconds === 'number') reply.header('retry-after', String(seconds))
    const pageError = toLoginPageError(error)
    return sendPage(reply, pageError.status, errorPage(await frameOf(request), pageError))
  }
  /** The sign-in this came from, when it is still open in this browser. */
  const transactionOf = async (request: FastifyRequest, tx: string | undefined) => {
    if (tx === undefined || tx === '') return undefined
    const binding = parseCookies(request.headers.cookie).get(cookies.loginBinding)
    return deps.login.transactionFor(tx, binding).catch(() => undefined)
  }

  app.get('/login/forgot', async (request, reply) => {
    const transaction = await transactionOf(request, queryParams(request).get('tx'))
    const frame = await frameOf(request, transaction)
    const page = forgotPage(
      frame,
      newCsrf(reply),
      transaction?.email ?? null,
      transaction?.id ?? null,
    )
    return sendPage(reply, 200, page)
  })

  app.post('/login/forgot', async (request, reply) => {
    const body = bodyParams(request)
    const transaction = await transactionOf(request, body.get('tx'))
    const tx = transaction?.id ?? null
    try {
      const csrf = checkCsrf(request)
      try {
        await resets.request(body.get('email'), requestContext(request))
      } catch (error) {
        if (isAppError(error) && error.code === 'user.invalid_email') {
          const frame = await frameOf(request, transaction)
          const email = body.get('email') ?? null
          const page = forgotPage(frame, csrf, email, tx, toLoginPageError(error))
          return sendPage(reply, 400, page)
        }
        throw error
      }
      return sendPage(reply, 200, forgotSentPage(await frameOf(request, transaction), tx))
    } catch (error) {
      return showError(request, reply, error)
    }
  })

  app.get<{ Params: { token: string } }>('/reset/:token', async (request, reply) => {
    try {
      const user = await resets.userFor(request.params.token)
      const frame = await frameOf(request)
      return sendPage(
        reply,
        200,
        choosePasswordPage(frame, 'reset', request.params.token, newCsrf(reply), user.email),
      )
    } catch (error) {
      return showError(request, reply, error)
    }
  })

  app.post<{ Params: { token: string } }>('/reset/:token', async (request, reply) => {
    const body = bodyParams(request)
    let csrf: string | undefined
    try {
      csrf = checkCsrf(request)
      const user = await resets.reset(
        request.params.token,
        body.get('password'),
        body.get('confirm'),
        requestContext(request),
      )
      reply.header('set-cookie', clearCookie(cookies.csrf, deps.secureCookies))
      const jar = parseCookies(request.headers.cookie)
      const session = await deps.login.signInAfterEmailedLink(
        user,
        'password_reset',
        requestContext(request),
        {
          sessionSecret: jar.get(cookies.session),
          deviceSecret: jar.get(cookies.device),
        },
      )
      const frame = await frameOf(request)
      return landAfterEmailedLink(reply, deps, user, session, () =>
        inviteDonePage(frame, user.email, session !== undefined, 'reset'),
      )
    } catch (error) {
      if (isAppError(error) && RESET_FORM_ERRORS.has(error.code) && csrf !== undefined) {
        const user = await resets.userFor(request.params.token).catch(() => undefined)
        if (user !== undefined) {
          const frame = await frameOf(request)
          const pageError = toLoginPageError(error)
          const page = choosePasswordPage(
            frame,
            'reset',
            request.params.token,
            csrf,
            user.email,
            pageError,
          )
          return sendPage(reply, error.status, page)
        }
      }
      return showError(request, reply, error)
    }
  })
}
