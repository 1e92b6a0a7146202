/**
 * The browser binding of pending AuthnRequests: a random secret in a cookie the IdP's cross-site POST to
 * the ACS carries (SameSite=None; Secure over https), whose hash the pending request stores (FLOW-02).
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { newSecret } from '../../../platform/random.ts'
import { parseCookies, serializeCookie, type CookieNames } from '../../cookies.ts'

export interface BindingCookieConfig {
  readonly cookies: CookieNames
  readonly secureCookies: boolean
}

/** This browser's SAML binding secret, or a new one. */
export function samlBindingSecret(request: FastifyRequest, config: BindingCookieConfig): string {
  return parseCookies(request.headers.cookie).get(config.cookies.saml) ?? newSecret()
}

/** Sets (or renews) the browser's binding cookie on `reply`. */
export function setBindingCookie(
  reply: FastifyReply,
  bindingSecret: string,
  config: BindingCookieConfig,
): FastifyReply {
  return reply.header(
    'set-cookie',
    serializeCookie(config.cookies.saml, bindingSecret, {
      secure: config.secureCookies,
      maxAgeSeconds: 15 * 60,
      // Over plain http (local development) browsers refuse SameSite=None; same-site IdPs still work.
      sameSite: config.secureCookies ? 'None' : 'Lax',
    }),
  )
}

/** Sends the browser to the IdP with a redirect (for GET navigations), setting the binding cookie. */
export function redirectToIdP(
  reply: FastifyReply,
  location: string,
  bindingSecret: string,
  config: BindingCookieConfig,
): FastifyReply {
  return setBindingCookie(reply, bindingSecret, config).redirect(location, 303)
}
