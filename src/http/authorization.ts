/** Reading `Authorization: Bearer` credentials, for every surface that takes them (OAuth, Admin API). */

/**
 * The token of a Bearer credential (RFC 6750 §2.1), or undefined. The scheme is case-insensitive
 * (RFC 7235 §2.1: `bearer`, `BEARER`); the token must be token68 and nothing may follow it.
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  return /^bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization ?? '')?.[1]
}
