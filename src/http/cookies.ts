/**
 * Cookies at the HTTP edge: parsing the Cookie header and writing Set-Cookie with the attributes our
 * cookies always carry (HttpOnly, SameSite, Secure and the __Host- prefix outside plain-http localhost).
 */

import { KNOWN_DEVICE_LIFETIME_MS } from '../sessions/known-device.ts'

export interface CookieNames {
  readonly session: string
  readonly loginBinding: string
  readonly csrf: string
  /** Binds pending AuthnRequests to the browser; sent with the IdP's cross-site POST (SameSite=None). */
  readonly saml: string
  /** The Admin Center's sign-in in progress: state, PKCE verifier and where to return. */
  readonly adminSignIn: string
  /** The browsers users signed in from (`sessions/known-device.ts`): long-lived, set at every sign-in. */
  readonly device: string
  /** The setup link an admin came through (its hash): where "back to the console" goes. */
  readonly consoleReturn: string
}

/** `__Host-` cookies must be Secure, host-only and Path=/, which pins them to this origin. */
export function cookieNames(secure: boolean): CookieNames {
  const prefix = secure ? '__Host-' : ''
  return {
    session: `${prefix}portcullis_session`,
    loginBinding: `${prefix}portcullis_login`,
    csrf: `${prefix}portcullis_csrf`,
    saml: `${prefix}portcullis_saml`,
    adminSignIn: `${prefix}portcullis_admin_signin`,
    device: `${prefix}portcullis_device`,
    consoleReturn: `${prefix}portcullis_console_return`,
  }
}

export function parseCookies(header: string | undefined): ReadonlyMap<string, string> {
  const cookies = new Map<string, string>()
  if (header === undefined || header.length > 16_384) return cookies
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    const name = part.slice(0, eq).trim()
    const value = part.slice(eq + 1).trim()
    // First one wins, as browsers send the most specific cookie first.
    if (!cookies.has(name) && /^[A-Za-z0-9_-]{1,200}$/.test(value)) cookies.set(name, value)
  }
  return cookies
}

export interface CookieOptions {
  readonly secure: boolean
  readonly maxAgeSeconds: number
  readonly sameSite?: 'Lax' | 'Strict' | 'None'
}

export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [
    `${name}=${value}`,
    'Path=/',
    'HttpOnly',
    `SameSite=${options.sameSite ?? 'Lax'}`,
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
  ]
  if (options.secure) parts.push('Secure')
  return parts.join('; ')
}

export function clearCookie(name: string, secure: boolean): string {
  return serializeCookie(name, '', { secure, maxAgeSeconds: 0 })
}

export interface SessionCookieSettings {
  readonly cookies: CookieNames
  readonly secureCookies: boolean
  readonly sessionMaxAgeSeconds: number
}

/** The cookies of any sign-in (password, SAML, an emailed link): the session's and the device's. */
export function sessionCookies(
  settings: SessionCookieSettings,
  signedIn: { readonly sessionSecret: string; readonly deviceSecret: string },
): string[] {
  return [
    serializeCookie(settings.cookies.session, signedIn.sessionSecret, {
      secure: settings.secureCookies,
      maxAgeSeconds: settings.sessionMaxAgeSeconds,
    }),
    deviceCookie(settings.cookies.device, signedIn.deviceSecret, settings.secureCookies),
  ]
}

/** The device cookie a sign-in sets: as long-lived as a browser stays known. */
export function deviceCookie(name: string, secret: string, secure: boolean): string {
  return serializeCookie(name, secret, {
    secure,
    maxAgeSeconds: KNOWN_DEVICE_LIFETIME_MS / 1000,
  })
}
