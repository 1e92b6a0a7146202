/**
 * SAML endpoints per profile (SPEC §7): SP metadata, the ACS (HTTP-POST binding only), and the browser
 * side of a connection test. Thin: read the form, call the ACS or SSO-start service, render the outcome.
 */
import { metrics, secondsSince } from '../../../platform/metrics.ts'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { constantEquals } from '../../../platform/crypto.ts'
import { newSecret } from '../../../platform/random.ts'
import { AppError, isAppError } from '../../../errors/app-error.ts'
import type { SigningKeyService } from '../../../services/sign-in/signing-key-service.ts'
import type { ACSService } from '../../../services/sign-in/acs-service.ts'
import type { SSOStartService } from '../../../services/sign-in/sso-start-service.ts'
import { spEndpoints } from '../../../sso-profiles/sso-profile.ts'
import { spMetadataXML } from '../../../saml/metadata/sp-metadata.ts'
import { parseCookies, serializeCookie, sessionCookies } from '../../cookies.ts'
import { toLoginPageError } from '../../errors/login-page.ts'
import { bodyParams, queryParams, requestContext, sendPage } from '../../request.ts'
import { errorPage, redirectingPage } from '../login/pages.ts'
import {
  redirectToIdP,
  samlBindingSecret,
  setBindingCookie,
  type BindingCookieConfig,
} from './binding-cookie.ts'
import { signedInPage, testConfirmPage, testResultPage } from './saml-pages.ts'

import type { SignInContextService } from '../../../services/sign-in/sign-in-context.ts'
import type { FrameFor } from '../../page-frames.ts'
export interface SAMLRoutesDeps extends BindingCookieConfig {
  readonly contexts: SignInContextService
  readonly frame: FrameFor
  readonly ssoStart: SSOStartService
  readonly acs: ACSService
  readonly keys: SigningKeyService
  readonly publicUrl: string
  readonly sessionMaxAgeSeconds: number
}

type ProfileRoute = { Params: { profileId: string } }

export function registerSAMLRoutes(app: FastifyInstance, deps: SAMLRoutesDeps): void {
  const { ssoStart, acs } = deps
  const frameOf = async (request: FastifyRequest) =>
    deps.frame(request, await deps.contexts.forClient(undefined))
  const fail = async (
    request: FastifyRequest,
    reply: FastifyReply,
    error: unknown,
    title: 'error.title' | 'error.title_test' = 'error.title',
  ) => {
    if (!isAppError(error)) reply.log.error({ err: error }, 'SAML endpoint failed')
    const pageError = toLoginPageError(error)
    return sendPage(reply, pageError.status, errorPage(await frameOf(request), pageError, title))
  }

  app.get<ProfileRoute>('/saml/:profileId/metadata', async (request, reply) => {
    try {
      const profile = await ssoStart.profileForMetadata(request.params.profileId)
      const xml = spMetadataXML(
        spEndpoints(deps.publicUrl, profile.id),
        await deps.keys.spCertificates(profile),
        profile.signRequests,
      )
      return reply.header('content-type', 'application/samlmetadata+xml; charset=utf-8').send(xml)
    } catch (error) {
      return fail(request, reply, error)
    }
  })

  app.post<ProfileRoute>('/saml/:profileId/acs', async (request, reply) => {
    const body = bodyParams(request)
    try {
      // HTTP-POST binding only: one SAMLResponse in a form body, nothing in the query (FLOW-06, BIND-02).
      const response = body.get('SAMLResponse')
      if (
        response === undefined ||
        body.duplicated().length > 0 ||
        queryParams(request).has('SAMLResponse')
      ) {
        throw new AppError('saml.binding_invalid')
      }
      const jar = parseCookies(request.headers.cookie)
      const started = performance.now()
      const result = await acs
        .handleResponse({
          profileId: request.params.profileId,
          samlResponse: response,
          bindingSecret: jar.get(deps.cookies.saml),
          sessionSecret: jar.get(deps.cookies.session),
          deviceSecret: jar.get(deps.cookies.device),
          context: requestContext(request),
        })
        .then(
          (value) => {
            metrics.acsSeconds.observe({ outcome: value.kind }, secondsSince(started))
            return value
          },
          (error: unknown) => {
            metrics.acsSeconds.observe({ outcome: 'refused' }, secondsSince(started))
            throw error
          },
        )
      if (result.kind === 'converted')
        return redirectToIdP(reply, result.location, result.bindingSecret, deps)
      if (result.kind === 'test')
        return sendPage(
          reply,
          200,
          testResultPage(deps.frame(request), result.result, request.params.profileId),
        )
      reply.header('set-cookie', sessionCookies(deps, result))
      if (result.location !== undefined) return reply.redirect(result.location, 303)
      return sendPage(reply, 200, signedInPage(await frameOf(request)))
    } catch (error) {
      return fail(request, reply, error)
    }
  })

  app.get<ProfileRoute>('/saml/:profileId/acs', async (request, reply) =>
    fail(request, reply.header('allow', 'POST'), new AppError('saml.binding_invalid')),
  )

  // The connection test's browser leg: GET from the link the Admin API returned; POST from the page
  // that shows where a token-started test leads (its form carries the ticket and a CSRF token).
  const test = async (request: FastifyRequest<ProfileRoute>, reply: FastifyReply) => {
    try {
      const jar = parseCookies(request.headers.cookie)
      const confirmed = request.method === 'POST'
      const form = bodyParams(request)
      if (confirmed) {
        const csrf = form.get('csrf')
        const cookie = jar.get(deps.cookies.csrf)
        if (csrf === undefined || cookie === undefined || !constantEquals(csrf, cookie)) {
          throw new AppError('login.csrf_failed')
        }
      }
      const ticket = confirmed ? form.get('ticket') : queryParams(request).get('ticket')
      const binding = samlBindingSecret(request, deps)
      const started = await ssoStart.startTest(
        request.params.profileId,
        ticket,
        { bindingSecret: binding, sessionSecret: jar.get(deps.cookies.session) },
        confirmed,
      )
      if (started.kind === 'confirm') {
        const csrf = newSecret()
        reply.header(
          'set-cookie',
          serializeCookie(deps.cookies.csrf, csrf, {
            secure: deps.secureCookies,
            maxAgeSeconds: 600,
          }),
        )
        const html = testConfirmPage(
          deps.frame(request),
          `/saml/${encodeURIComponent(request.params.profileId)}/test`,
          started.profileName,
          started.destination,
          ticket ?? '',
          csrf,
        )
        return sendPage(reply, 200, html)
      }
      // After a form, a page hands over (CSP form-action would block a redirect to the IdP).
      if (confirmed) {
        return sendPage(
          setBindingCookie(reply, binding, deps),
          200,
          redirectingPage(deps.frame(request), started.location),
        )
      }
      return redirectToIdP(reply, started.location, binding, deps)
    } catch (error) {
      return fail(request, reply, error, 'error.title_test')
    }
  }
  app.get<ProfileRoute>('/saml/:profileId/test', test)
  app.post<ProfileRoute>('/saml/:profileId/test', test)
}
