/**
 * Where a person lands after choosing a password from an emailed link — an invitation or a reset
 * (issue 27): signed in (when a password alone is enough), an owner or admin straight into the Admin
 * Center, a member on a page that says the account is ready and leads to the application.
 */
import type { FastifyReply } from 'fastify'
import type { LoginSuccess } from '../../../services/sign-in/login-service.ts'
import type { User } from '../../../users/user.ts'
import { sessionCookies, type SessionCookieSettings } from '../../cookies.ts'
import { sendPage } from '../../request.ts'

export function landAfterEmailedLink(
  reply: FastifyReply,
  settings: SessionCookieSettings,
  user: User,
  signedIn: Pick<LoginSuccess, 'sessionSecret' | 'deviceSecret'> | undefined,
  donePage: () => string,
): FastifyReply {
  if (signedIn !== undefined) reply.header('set-cookie', sessionCookies(settings, signedIn))
  // The Admin Center signs in by itself when no session was made (a second factor is needed).
  if (user.role !== 'member')
    return reply.header('cache-control', 'no-store').redirect('/admin', 303)
  return sendPage(reply, 200, donePage())
}
