/**
 * The email-first login pages and invitation pages (SPEC §3 steps 2–4, 10). Thin: read the form, call
 * the service, render the outcome. Every failure renders a page with its stable code.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type {
  EnrolmentStep,
  LoginFormInput,
  LoginService,
  LoginSuccess,
  SSOHandOver,
} from '../../../services/sign-in/login-service.ts'
import type { LoginTransaction } from '../../../oidc/login-transaction.ts'
import { AppError, isAppError } from '../../../errors/app-error.ts'
import type { ErrorCode } from '../../../errors/codes.ts'
import { constantEquals } from '../../../platform/crypto.ts'
import { newSecret } from '../../../platform/random.ts'
import type { InvitationService } from '../../../services/directory/invitation-service.ts'
import {
  clearCookie,
  parseCookies,
  serializeCookie,
  sessionCookies,
  type CookieNames,
} from '../../cookies.ts'
import { toLoginPageError } from '../../errors/login-page.ts'
import { bodyParams, queryParams, requestContext, sendPage } from '../../request.ts'
import {
  emailPage,
  enrolledPage,
  enrolmentPage,
  errorPage,
  inviteDonePage,
  choosePasswordPage,
  passwordPage,
  redirectingPage,
  secondFactorPage,
} from './pages.ts'
import { samlBindingSecret, setBindingCookie } from '../saml/binding-cookie.ts'
import { landAfterEmailedLink } from './emailed-link-landing.ts'
import type { SignInContextService } from '../../../services/sign-in/sign-in-context.ts'
import type { FrameFor } from '../../page-frames.ts'

export interface LoginRoutesDeps {
  readonly login: LoginService
  readonly invitations: InvitationService
  /** Whether the password page offers "Forgot your password?" (mail is configured). */
  readonly resetAvailable: boolean
  readonly cookies: CookieNames
  readonly secureCookies: boolean
  readonly sessionMaxAgeSeconds: number
  readonly contexts: SignInContextService
  readonly frame: FrameFor
}

/** Refusals that keep the user on the password form, with the message above it. */
const PASSWORD_FORM_ERRORS = new Set<ErrorCode>([
  'login.invalid_credentials',
  'login.locked',
  'login.rate_limited',
  'login.sso_required',
])
/** Refusals that keep the user on the second-factor form. */
const SECOND_FACTOR_FORM_ERRORS = new Set<ErrorCode>([
  'login.invalid_code',
  'login.passkey_failed',
  'login.locked',
  'login.rate_limited',
])
const INVITE_FORM_ERRORS = new Set<ErrorCode>([
  'password.too_short',
  'password.too_long',
  'password.mismatch',
  'password.contains_email',
])

export function registerLoginRoutes(app: FastifyInstance, deps: LoginRoutesDeps): void {
  const { login, invitations, cookies, contexts } = deps
  const origin = (t: LoginTransaction): string[] => [new URL(t.redirectUri).origin]
  const fields = (t: LoginTransaction) => ({ transactionId: t.id, csrfToken: t.csrfToken })
  /** The frame of a transaction's page: its client, and the organization of `email` once entered. */
  const frameOf = async (request: FastifyRequest, t: LoginTransaction, email?: string | null) =>
    deps.frame(request, await contexts.forClient(t.clientId, email), t.uiLocales)
  const showError = async (
    request: FastifyRequest,
    reply: FastifyReply,
    error: unknown,
    transaction?: LoginTransaction,
  ): Promise<FastifyReply> => {
    if (!isAppError(error)) reply.log.error({ err: error }, 'login page failed')
    retryAfter(reply, error)
    const pageError = toLoginPageError(error)
    const title = pageError.code === 'login.sso_unavailable' ? 'error.title_sso' : 'error.title'
    const frame =
      transaction === undefined
        ? deps.frame(request, await contexts.forClient(undefined))
        : await frameOf(request, transaction)
    return sendPage(reply, pageError.status, errorPage(frame, pageError, title))
  }
  /** The form's transaction when it is still live for this browser (to show a page again), else none. */
  const liveTransaction = (input: LoginFormInput) =>
    login.transactionFor(input.transactionId, input.bindingSecret).catch(() => undefined)
  const form = (request: FastifyRequest) => {
    const body = bodyParams(request)
    return {
      body,
      input: {
        transactionId: body.get('tx'),
        csrfToken: body.get('csrf'),
        bindingSecret: parseCookies(request.headers.cookie).get(cookies.loginBinding),
      },
    }
  }

  app.get('/login', async (request, reply) => {
    const query = queryParams(request)
    const binding = parseCookies(request.headers.cookie).get(cookies.loginBinding)
    try {
      const transaction = await login.transactionFor(query.get('tx'), binding)
      return sendPage(
        reply,
        200,
        emailPage(await frameOf(request, transaction), fields(transaction), transaction.email),
        origin(transaction),
        true,
      )
    } catch (error) {
      return showError(request, reply, error)
    }
  })

  app.post('/login/email', async (request, reply) => {
    const { body, input } = form(request)
    try {
      const binding = samlBindingSecret(request, deps)
      const result = await login.submitEmail(
        input,
        body.get('email'),
        body.get('method') === 'password',
        requestContext(request),
        binding,
      )
      const t = result.transaction
      if (result.next === 'password') {
        const page = passwordPage(
          await frameOf(request, t, result.email),
          fields(t),
          result.email,
          undefined,
          result.ssoAvailable,
          deps.resetAvailable,
        )
        return sendPage(reply, 200, page, origin(t))
      }
      return await handOver(request, reply, result, binding)
    } catch (error) {
      if (isAppError(error) && error.code === 'user.invalid_email') {
        return reshowEmailPage(request, reply, input, error, body.get('email'))
      }
      return showError(request, reply, error)
    }
  })

  /** The email page again with the refusal above it (or the error page without a live transaction). */
  const reshowEmailPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    input: LoginFormInput,
    error: AppError,
    email?: string,
  ): Promise<FastifyReply> => {
    const transaction = await liveTransaction(input)
    if (transaction === undefined) return showError(request, reply, error)
    const page = emailPage(
      await frameOf(request, transaction),
      fields(transaction),
      email ?? transaction.email,
      toLoginPageError(error),
    )
    return sendPage(reply, error.status, page, origin(transaction), true)
  }

  /** WebAuthn options for the passkey buttons: JSON for the page's script. */
  const passkeyOptions = (path: string, purpose: 'sign_in' | 'second_factor') =>
    app.post(path, async (request, reply) => {
      const { input } = form(request)
      try {
        return reply
          .header('cache-control', 'no-store')
          .send(await login.passkeyOptions(input, purpose))
      } catch (error) {
        const pageError = toLoginPageError(error)
        return reply
          .code(pageError.status)
          .send({ error: { code: pageError.code, message: pageError.message } })
      }
    })
  passkeyOptions('/login/passkey/options', 'sign_in')
  passkeyOptions('/login/second-factor/passkey-options', 'second_factor')

  /** "Sign in with a passkey" on the email page: the passkey names the account. */
  app.post('/login/passkey', async (request, reply) => {
    const { body, input } = form(request)
    try {
      return signedIn(
        reply,
        await login.signInWithPasskey(
          input,
          body.get('credential'),
          requestContext(request),
          browserOf(request),
        ),
      )
    } catch (error) {
      if (isAppError(error) && error.code === 'login.passkey_failed') {
        return reshowEmailPage(request, reply, input, error)
      }
      return showError(request, reply, error)
    }
  })

  /** The page that sends the browser to the IdP (SP-initiated SAML login for this transaction). */
  const handOver = async (
    request: FastifyRequest,
    reply: FastifyReply,
    { transaction, location }: SSOHandOver,
    binding: string,
  ): Promise<FastifyReply> => {
    // Not a redirect: the form's CSP form-action would block a redirect to the IdP's origin, which is
    // not known when the page is served. A new navigation from a page of ours is not a form submission.
    const frame = await frameOf(request, transaction, transaction.email)
    return sendPage(setBindingCookie(reply, binding, deps), 200, redirectingPage(frame, location))
  }

  app.post('/login/sso', async (request, reply) => {
    const { input } = form(request)
    try {
      const binding = samlBindingSecret(request, deps)
      const started = await login.startSSO(input, requestContext(request), binding)
      return await handOver(request, reply, started, binding)
    } catch (error) {
      return showError(request, reply, error)
    }
  })

  /** Signed in: the session and device cookies, and on to the console. */
  const signedIn = (reply: FastifyReply, success: LoginSuccess) =>
    reply.header('set-cookie', sessionCookies(deps, success)).redirect(success.location, 303)
  const browserOf = (request: FastifyRequest) => {
    const jar = parseCookies(request.headers.cookie)
    return { sessionSecret: jar.get(cookies.session), deviceSecret: jar.get(cookies.device) }
  }

  app.post('/login/password', async (request, reply) => {
    const { body, input } = form(request)
    try {
      const outcome = await login.submitPassword(
        input,
        body.get('password'),
        requestContext(request),
        browserOf(request),
      )
      if ('secondFactor' in outcome) {
        const { transaction, email, methods } = outcome
        const page = secondFactorPage(
          await frameOf(request, transaction, email),
          fields(transaction),
          email,
          methods,
        )
        return sendPage(reply, 200, page, origin(transaction), methods.passkey)
      }
      if ('enrol' in outcome) {
        return await showEnrolment(request, reply, await login.enrolmentStep(outcome.transaction))
      }
      return signedIn(reply, outcome)
    } catch (error) {
      if (isAppError(error) && PASSWORD_FORM_ERRORS.has(error.code)) {
        const transaction = await liveTransaction(input)
        if (transaction?.email) {
          retryAfter(reply, error)
          const step = await login.passwordStep(transaction)
          const page = passwordPage(
            await frameOf(request, transaction, step.email),
            fields(transaction),
            step.email,
            toLoginPageError(error),
            step.ssoAvailable,
            deps.resetAvailable,
          )
          return sendPage(reply, error.status, page, origin(transaction))
        }
      }
      return showError(request, reply, error)
    }
  })

  app.post('/login/second-factor', async (request, reply) => {
    const { body, input } = form(request)
    try {
      const success = await login.submitSecondFactor(
        input,
        {
          code: body.get('code'),
          recoveryCode: body.get('recoveryCode'),
          passkey: body.get('credential'),
        },
        requestContext(request),
        browserOf(request),
      )
      return signedIn(reply, success)
    } catch (error) {
      if (isAppError(error) && SECOND_FACTOR_FORM_ERRORS.has(error.code)) {
        const transaction = await liveTransaction(input)
        const step =
          transaction && (await login.secondFactorStep(transaction).catch(() => undefined))
        if (step !== undefined) {
          retryAfter(reply, error)
          const page = secondFactorPage(
            await frameOf(request, step.transaction, step.email),
            fields(step.transaction),
            step.email,
            step.methods,
            toLoginPageError(error),
          )
          return sendPage(reply, error.status, page, origin(step.transaction), step.methods.passkey)
        }
      }
      return showError(request, reply, error)
    }
  })

  const showEnrolment = async (
    request: FastifyRequest,
    reply: FastifyReply,
    { transaction, email, enrolment }: EnrolmentStep,
    error?: AppError,
  ) => {
    const frame = await frameOf(request, transaction, email)
    const pageError = error && toLoginPageError(error)
    const page = enrolmentPage(frame, fields(transaction), email, enrolment, pageError)
    return sendPage(reply, error?.status ?? 200, page, origin(transaction))
  }

  app.post('/login/enrol', async (request, reply) => {
    const { body, input } = form(request)
    try {
      const done = await login.confirmEnrolment(
        input,
        { factorId: body.get('factorId'), code: body.get('code') },
        requestContext(request),
      )
      const frame = await frameOf(request, done.transaction, done.email)
      const page = enrolledPage(frame, fields(done.transaction), done.recoveryCodes)
      return sendPage(reply, 200, page, origin(done.transaction))
    } catch (error) {
      if (isAppError(error) && SECOND_FACTOR_FORM_ERRORS.has(error.code)) {
        const transaction = await liveTransaction(input)
        const step =
          transaction &&
          (await login.enrolmentStep(transaction, body.get('factorId')).catch(() => undefined))
        if (step !== undefined) {
          retryAfter(reply, error)
          return showEnrolment(request, reply, step, error)
        }
      }
      return showError(request, reply, error)
    }
  })

  app.post('/login/enrol/done', async (request, reply) => {
    const { input } = form(request)
    try {
      return signedIn(
        reply,
        await login.finishEnrolment(input, requestContext(request), browserOf(request)),
      )
    } catch (error) {
      return showError(request, reply, error)
    }
  })

  app.get<{ Params: { token: string } }>('/invite/:token', async (request, reply) => {
    try {
      const user = await invitations.inviteeFor(request.params.token)
      const csrf = newSecret()
      reply.header(
        'set-cookie',
        serializeCookie(cookies.csrf, csrf, { secure: deps.secureCookies, maxAgeSeconds: 3600 }),
      )
      const frame = deps.frame(request, await contexts.forClient(undefined, user.email))
      return sendPage(
        reply,
        200,
        choosePasswordPage(frame, 'invite', request.params.token, csrf, user.email),
      )
    } catch (error) {
      return showError(request, reply, error)
    }
  })

  app.post<{ Params: { token: string } }>('/invite/:token', async (request, reply) => {
    const body = bodyParams(request)
    const cookie = parseCookies(request.headers.cookie).get(cookies.csrf)
    const csrf = body.get('csrf')
    try {
      if (cookie === undefined || csrf === undefined || !constantEquals(cookie, csrf)) {
        throw new AppError('login.csrf_failed')
      }
      const user = await invitations.accept(
        request.params.token,
        body.get('password'),
        body.get('confirm'),
        requestContext(request),
      )
      reply.header('set-cookie', clearCookie(cookies.csrf, deps.secureCookies))
      const session = await login.signInAfterEmailedLink(
        user,
        'invitation',
        requestContext(request),
        browserOf(request),
      )
      const frame = deps.frame(request, await contexts.forClient(undefined, user.email))
      return landAfterEmailedLink(reply, deps, user, session, () =>
        inviteDonePage(frame, user.email, session !== undefined),
      )
    } catch (error) {
      if (isAppError(error) && INVITE_FORM_ERRORS.has(error.code) && cookie !== undefined) {
        const user = await invitations.inviteeFor(request.params.token).catch(() => undefined)
        if (user !== undefined) {
          const frame = deps.frame(request, await contexts.forClient(undefined, user.email))
          const pageError = toLoginPageError(error)
          const page = choosePasswordPage(
            frame,
            'invite',
            request.params.token,
            cookie,
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

/** RFC 9110 §10.2.3: a throttled attempt says when to come back. */
function retryAfter(reply: FastifyReply, error: unknown): void {
  const seconds = isAppError(error) ? error.details?.['retryAfterSeconds'] : undefined
  if (typeof seconds === 'number') reply.header('retry-after', String(seconds))
}
