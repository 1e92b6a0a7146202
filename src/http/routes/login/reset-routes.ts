/**
 * The forgotten-password pages (issue 10): `/login/forgot` asks for a link and answers the same for every
 * address; `/reset/{token}` sets a new password. Forms are protected by a double-submit CSRF cookie, as
 * the invitation pages are.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { LoginService } from '../../../login/login-service.ts'
import type { PasswordResetService } from '../../../login/password-reset-service.ts'
import { AppError, isAppError } from '../../../errors/app-error.ts'
import { constantEquals } from '../../../platform/crypto.ts'
import { newSecret } from '../../../platform/random.ts'
import { clearCookie, parseCookies, serializeCookie, type CookieNames } from '../../cookies.ts'
import { toLoginPageError } from '../../errors/login-page.ts'
import { bodyParams, queryParams, requestContext, sendPage } from '../../request.ts'
import { errorPage } from './pages.ts'
import { forgotPage, forgotSentPage, resetDonePage, resetPage } from './reset-pages.ts'

export interface ResetRoutesDeps {
  readonly resets: PasswordResetService
  readonly login: LoginService
  readonly cookies: CookieNames
  readonly secureCookies: boolean
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
  const showError = (reply: FastifyReply, error: unknown): FastifyReply => {
    if (!isAppError(error)) reply.log.error({ err: error }, 'reset page failed')
    const seconds = isAppError(error) ? error.details?.['retryAfterSeconds'] : undefined
    if (typeof seconds === 'number') reply.header('retry-after', String(seconds))
    const pageError = toLoginPageError(error)
    return sendPage(reply, pageError.status, errorPage(pageError))
  }
  /** The sign-in this came from, when it is still open in this browser. */
  const transactionOf = async (request: FastifyRequest, tx: string | undefined) => {
    if (tx === undefined || tx === '') return undefined
    const binding = parseCookies(request.headers.cookie).get(cookies.loginBinding)
    return deps.login.transactionFor(tx, binding).catch(() => undefined)
  }

  app.get('/login/forgot', async (request, reply) => {
    const transaction = await transactionOf(request, queryParams(request).get('tx'))
    const page = forgotPage(newCsrf(reply), transaction?.email ?? null, transaction?.id ?? null)
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
          const page = forgotPage(csrf, body.get('email') ?? null, tx, toLoginPageError(error))
          return sendPage(reply, 400, page)
        }
        throw error
      }
      return sendPage(reply, 200, forgotSentPage(tx))
    } catch (error) {
      return showError(reply, error)
    }
  })

  app.get<{ Params: { token: string } }>('/reset/:token', async (request, reply) => {
    try {
      const user = await resets.userFor(request.params.token)
      return sendPage(reply, 200, resetPage(request.params.token, newCsrf(reply), user.email))
    } catch (error) {
      return showError(reply, error)
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
      return sendPage(reply, 200, resetDonePage(user.email))
    } catch (error) {
      if (isAppError(error) && RESET_FORM_ERRORS.has(error.code) && csrf !== undefined) {
        const user = await resets.userFor(request.params.token).catch(() => undefined)
        if (user !== undefined) {
          const page = resetPage(request.params.token, csrf, user.email, toLoginPageError(error))
          return sendPage(reply, error.status, page)
        }
      }
      return showError(reply, error)
    }
  })
}
