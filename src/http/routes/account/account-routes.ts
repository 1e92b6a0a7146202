/**
 * `/account` (issue 25): a signed-in person's own page. No session → the login pages as the built-in
 * client, then back here; every POST carries the session's CSRF token and ends in a redirect to
 * `/account?done=…` (or a page that shows a secret once: an app's QR code, recovery codes). A change that
 * needs a fresh sign-in sends the browser through the login pages again (`max_age=0`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, isAppError } from '../../../errors/app-error.ts'
import { constantEquals } from '../../../platform/crypto.ts'
import type { Session } from '../../../sessions/session.ts'
import type { AccountService } from '../../../services/sign-in/account-service.ts'
import type { SessionService } from '../../../services/sign-in/session-service.ts'
import type { SignInContextService } from '../../../services/sign-in/sign-in-context.ts'
import { csrfTokenFor } from '../../../services/organization/admin-principal.ts'
import { parseCookies } from '../../cookies.ts'
import { toLoginPageError } from '../../errors/login-page.ts'
import type { FrameFor } from '../../page-frames.ts'
import { bodyParams, queryParams, requestContext, sendPage } from '../../request.ts'
import { errorPage } from '../login/pages.ts'
import { startBuiltInSignIn, type BuiltInSignInDeps } from '../admin-center/builtin-sign-in.ts'
import {
  accountPage,
  accountTotpPage,
  DONE_MESSAGES,
  recoveryCodesPage,
  type DoneMessage,
} from './account-pages.ts'

export interface AccountRoutesDeps extends BuiltInSignInDeps {
  readonly account: AccountService
  readonly sessions: SessionService
  readonly contexts: SignInContextService
  readonly frame: FrameFor
}

/** Refusals shown on the account page itself, above its sections. */
const PAGE_ERRORS = new Set([
  'login.invalid_credentials',
  'login.locked',
  'login.rate_limited',
  'password.too_short',
  'password.too_long',
  'password.mismatch',
  'password.contains_email',
  'factor.invalid_name',
  'factor.not_found',
  'factor.required',
  'factor.too_many',
  'factor.not_offered',
  'factor.sso_user',
  'factor.passkey_failed',
])

interface Signed {
  readonly session: Session
  readonly csrf: string
}

export function registerAccountRoutes(app: FastifyInstance, deps: AccountRoutesDeps): void {
  const { account } = deps
  /** The page's frame: the console to go back to (no client: the account page is not a sign-in). */
  const frameOf = async (request: FastifyRequest) =>
    deps.frame(request, await deps.contexts.forClient(undefined))
  const signedIn = async (request: FastifyRequest): Promise<Signed | undefined> => {
    const secret = parseCookies(request.headers.cookie).get(deps.cookies.session)
    const session = await deps.sessions.resolve(secret)
    return session === undefined || secret === undefined
      ? undefined
      : { session, csrf: csrfTokenFor(secret) }
  }
  const showAccount = async (
    request: FastifyRequest,
    reply: FastifyReply,
    { session, csrf }: Signed,
    notice: { done?: DoneMessage; error?: unknown } = {},
  ) => {
    const view = await account.view(session)
    const error = notice.error === undefined ? undefined : toLoginPageError(notice.error)
    const page = accountPage(await frameOf(request), view, csrf, {
      ...(notice.done === undefined ? {} : { done: notice.done }),
      ...(error === undefined ? {} : { error }),
    })
    return sendPage(reply.header('cache-control', 'no-store'), error?.status ?? 200, page, [], true)
  }

  app.get('/account', async (request, reply) => {
    const signed = await signedIn(request)
    if (signed === undefined) return startBuiltInSignIn(reply, deps, '/account')
    const done = queryParams(request).get('done')
    return showAccount(request, reply, signed, {
      ...(done !== undefined && done in DONE_MESSAGES ? { done: done as DoneMessage } : {}),
    })
  })

  /**
   * A POST of the account page: signed in, with the session's CSRF token, then `handle`. A refusal the
   * page can show is shown on it; a stale sign-in goes through the login pages again.
   */
  const post = (
    path: string,
    handle: (
      signed: Signed,
      body: ReturnType<typeof bodyParams>,
      request: FastifyRequest,
      reply: FastifyReply,
    ) => Promise<FastifyReply | DoneMessage>,
  ) =>
    app.post(path, async (request, reply) => {
      const signed = await signedIn(request)
      if (signed === undefined) return startBuiltInSignIn(reply, deps, '/account')
      const body = bodyParams(request)
      try {
        const csrf = body.get('csrf')
        if (csrf === undefined || !constantEquals(csrf, signed.csrf)) {
          throw new AppError('login.csrf_failed')
        }
        const outcome = await handle(signed, body, request, reply)
        return typeof outcome === 'string'
          ? reply.redirect(`/account?done=${outcome}`, 303)
          : outcome
      } catch (error) {
        if (isAppError(error) && error.code === 'auth.reauthentication_required') {
          return startBuiltInSignIn(reply, deps, '/account', { maxAge: 0 })
        }
        if (isAppError(error) && PAGE_ERRORS.has(error.code)) {
          return showAccount(request, reply, signed, { error })
        }
        if (!isAppError(error)) reply.log.error({ err: error }, 'account page failed')
        const frame = await frameOf(request)
        return sendPage(
          reply,
          toLoginPageError(error).status,
          errorPage(frame, toLoginPageError(error)),
        )
      }
    })

  post('/account/password', async ({ session }, body, request) => {
    await account.changePassword(
      session,
      {
        current: body.get('current'),
        password: body.get('password'),
        confirm: body.get('confirm'),
      },
      requestContext(request),
    )
    return 'password'
  })

  post('/account/totp', async ({ session, csrf }, body, request, reply) => {
    const enrolment = await account.startTotp(session, body.get('name') ?? '')
    const frame = await frameOf(request)
    return sendPage(
      reply.header('cache-control', 'no-store'),
      200,
      accountTotpPage(frame, enrolment, csrf),
    )
  })

  post('/account/totp/confirm', async ({ session, csrf }, body, request, reply) => {
    const factorId = body.get('factorId')
    try {
      const codes = await account.confirmTotp(
        session,
        factorId,
        body.get('code'),
        requestContext(request),
      )
      if (codes === undefined) return 'factor_added'
      const frame = await frameOf(request)
      return sendPage(
        reply.header('cache-control', 'no-store'),
        200,
        recoveryCodesPage(frame, codes),
      )
    } catch (error) {
      if (!isAppError(error) || error.code !== 'factor.invalid_code') throw error
      const enrolment = await account.showTotp(session, factorId)
      const frame = await frameOf(request)
      const page = accountTotpPage(frame, enrolment, csrf, toLoginPageError(error))
      return sendPage(reply, error.status, page)
    }
  })

  /** WebAuthn options for "Add a passkey": JSON for the page's script (the same CSRF token). */
  app.post('/account/passkeys/options', async (request, reply) => {
    const signed = await signedIn(request)
    try {
      const csrf = bodyParams(request).get('csrf')
      if (signed === undefined) throw new AppError('auth.unauthenticated')
      if (csrf === undefined || !constantEquals(csrf, signed.csrf)) {
        throw new AppError('login.csrf_failed')
      }
      return reply
        .header('cache-control', 'no-store')
        .send(await account.passkeyOptions(signed.session))
    } catch (error) {
      const status = isAppError(error) ? error.status : 500
      const code = isAppError(error) ? error.code : 'internal_error'
      return reply.code(status).send({ error: { code, message: toLoginPageError(error).message } })
    }
  })

  post('/account/passkeys', async ({ session }, body, request, reply) => {
    const codes = await account.addPasskey(
      session,
      body.get('name') ?? '',
      body.get('credential'),
      requestContext(request),
    )
    if (codes === undefined) return 'passkey_added'
    const frame = await frameOf(request)
    return sendPage(reply.header('cache-control', 'no-store'), 200, recoveryCodesPage(frame, codes))
  })

  post('/account/factors/rename', async ({ session }, body) => {
    await account.renameFactor(session, body.get('factorId'), body.get('name'))
    return 'factor_renamed'
  })

  post('/account/factors/remove', async ({ session }, body, request) => {
    await account.removeFactor(session, body.get('factorId'), requestContext(request))
    return 'factor_removed'
  })

  post('/account/recovery-codes', async ({ session }, _body, request, reply) => {
    const codes = await account.regenerateRecoveryCodes(session, requestContext(request))
    const frame = await frameOf(request)
    return sendPage(reply.header('cache-control', 'no-store'), 200, recoveryCodesPage(frame, codes))
  })

  post('/account/sessions/sign-out', async ({ session }, body, request) => {
    const which = body.get('others') === '1' ? ('others' as const) : { sid: body.get('sid') }
    await account.signOut(session, which, requestContext(request))
    return 'signed_out'
  })
}
