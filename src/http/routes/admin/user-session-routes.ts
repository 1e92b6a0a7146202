/**
 * Admin API: a user's sessions (issue 27) — where they are signed in (browser, address, sign-in, last
 * activity; never a secret) and "sign out everywhere", which ends them all at once (consoles told by
 * back-channel logout; audited) — and an admin's forced password reset.
 */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import type { UserService } from '../../../services/directory/user-service.ts'
import { ERROR_RESPONSES } from '../../api-schemas.ts'
import type { PrincipalOf } from './admin-scope.ts'

type UserRoute = { Params: { orgId: string; userId: string } }

const UserParams = Type.Object(
  { orgId: Type.String({ maxLength: 100 }), userId: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
)
const Timestamp = Type.String({ format: 'date-time' })
const SessionBody = Type.Object({
  sid: Type.String({ description: 'The session id consoles see as the ID token’s sid.' }),
  authMethod: Type.String({ description: 'pwd, saml, hwk or swk (a passkey alone).' }),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
})

export function registerUserSessionRoutes(
  app: FastifyInstance,
  principalOf: PrincipalOf,
  deps: { readonly users: UserService },
): void {
  const path = '/api/v1/orgs/:orgId/users/:userId'
  app.get<UserRoute>(
    `${path}/sessions`,
    {
      schema: {
        tags: ['users'],
        summary: 'Where a user is signed in: their sessions that have not ended',
        params: UserParams,
        response: { 200: Type.Object({ sessions: Type.Array(SessionBody) }), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { orgId, userId } = request.params
      const iso = (ms: number) => new Date(ms).toISOString()
      return {
        sessions: (await deps.users.listSessions(orgId, userId)).map((s) => ({
          sid: s.sid,
          authMethod: s.authMethod,
          userAgent: s.userAgent,
          ip: s.ip,
          createdAt: iso(s.createdAt),
          lastSeenAt: iso(s.lastSeenAt),
        })),
      }
    },
  )

  app.post<UserRoute>(
    `${path}/sign-out`,
    {
      schema: {
        tags: ['users'],
        summary: 'Sign a user out everywhere: every session ends now (consoles are told; audited)',
        params: UserParams,
        response: { 200: Type.Object({ endedSessions: Type.Integer() }), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { orgId, userId } = request.params
      const ended = await deps.users.signOutEverywhere(orgId, userId, principalOf(request).actor)
      return { endedSessions: ended }
    },
  )

  app.post<UserRoute>(
    `${path}/force-password-reset`,
    {
      schema: {
        tags: ['users'],
        summary:
          'Force a password reset: the password stops working, every session ends, a reset link is mailed (audited)',
        description:
          'Refused with 409 `user.mail_unavailable` when no mail can go out (nothing changed), `user.no_password` for SSO-only users, `user.owner_protected` for the owner, and `enforcement.lockout_risk` when it would leave no owner or admin a password way in.',
        params: UserParams,
        response: { 200: Type.Object({ endedSessions: Type.Integer() }), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { orgId, userId } = request.params
      return deps.users.forcePasswordReset(orgId, userId, principalOf(request).actor)
    },
  )
}
