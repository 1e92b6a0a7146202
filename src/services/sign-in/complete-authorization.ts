/**
 * The last step of every successful login, whichever way the user authenticated: a one-time code for
 * this session, bound to the client, redirect URI and PKCE challenge, and the redirect that carries it.
 */
import { amrOf, type Session } from '../../sessions/session.ts'
import type { Clock } from '../../platform/clock.ts'
import { issueAuthCode } from '../../oidc/auth-code.ts'
import type { AuthCodeRepository } from '../../oidc/auth-code-repository.ts'
import { clientRedirect, type PendingAuthorization } from '../../oidc/authorization-request.ts'

/** Inserts the code through `authCodes` (the caller's transaction) and returns the redirect URL. */
export async function completeAuthorization(
  authCodes: AuthCodeRepository,
  clock: Clock,
  issuer: string,
  request: PendingAuthorization,
  session: Session,
): Promise<string> {
  const { code, secret } = issueAuthCode(clock, {
    orgId: session.orgId,
    userId: session.userId,
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
    sessionSid: session.sid,
    nonce: request.nonce,
    scope: request.scope,
    amr: amrOf(session),
    authTime: session.createdAt,
  })
  await authCodes.insert(code)
  return clientRedirect(request.redirectUri, issuer, { code: secret, state: request.state })
}
