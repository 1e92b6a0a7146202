/** Admin API: users (SPEC §4, §7). Thin: validate by schema, authorize, call UserService, shape JSON. */
import type { FastifyInstance } from 'fastify'
import { describeUser } from '../../../users/describe-user.ts'
import type { UserService } from '../../../services/directory/user-service.ts'
import type { InvitationService } from '../../../services/directory/invitation-service.ts'
import type { AdminRouteConfig, PrincipalOf } from './admin-scope.ts'
import { decodeCursor, encodeCursor, pageLimit } from '../../cursor.ts'
import {
  CreatedUser,
  CreateUser,
  ListUsersQuery,
  LockoutRiskQuery,
  OrgParams,
  ReissuedInvitation,
  SetUserSSO,
  TransferOwnership,
  UpdateUser,
  UserList,
  UserParams,
} from './schemas.ts'
import { ERROR_RESPONSES } from '../../api-schemas.ts'

export interface UserRoutesDeps {
  readonly users: UserService
  readonly invitations: InvitationService
}

export function registerUserRoutes(
  app: FastifyInstance,
  principalOf: PrincipalOf,
  deps: UserRoutesDeps,
): void {
  app.get<{ Params: { orgId: string }; Querystring: ListUsersQuery }>(
    '/api/v1/orgs/:orgId/users',
    {
      schema: {
        tags: ['users'],
        summary: 'List users, newest last, with search and filters',
        params: OrgParams,
        querystring: ListUsersQuery,
        response: { 200: UserList, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { orgId } = request.params
      const limit = pageLimit(request.query.limit)
      const cursor = decodeCursor(request.query.cursor)
      const filters = {
        search: request.query.q,
        status: request.query.status,
        role: request.query.role,
        ssoOverride: request.query.sso,
      }
      const [page, total] = await Promise.all([
        deps.users.listUsers(orgId, {
          limit,
          after: cursor && { createdAt: cursor.at, id: cursor.id },
          ...filters,
        }),
        deps.users.countUsers(orgId, filters),
      ])
      return {
        users: page.items.map(describeUser),
        nextCursor: encodeCursor(page.next),
        total,
      }
    },
  )

  app.post<{ Params: { orgId: string }; Body: CreateUser }>(
    '/api/v1/orgs/:orgId/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create (invite) a user; returns the invitation link once',
        params: OrgParams,
        body: CreateUser,
        response: { 201: CreatedUser, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params
      const principal = principalOf(request)
      const body = request.body
      const { user, inviteUrl, emailDelivery } = await deps.invitations.inviteUser(
        orgId,
        {
          email: body.email,
          role: body.role ?? 'member',
          givenName: body.givenName ?? null,
          familyName: body.familyName ?? null,
          displayName: body.displayName ?? null,
        },
        principal.actor,
      )
      return reply.code(201).send({ user: describeUser(user), inviteUrl, emailDelivery })
    },
  )

  app.get<{ Params: { orgId: string; userId: string } }>(
    '/api/v1/orgs/:orgId/users/:userId',
    {
      schema: {
        tags: ['users'],
        summary: 'Read one user',
        params: UserParams,
        response: { 200: { $ref: 'User' }, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { orgId, userId } = request.params
      return describeUser(await deps.users.getUser(orgId, userId))
    },
  )
}

type UserRoute = { Params: { orgId: string; userId: string } }
const OWNER_ONLY_FRESH: AdminRouteConfig = { minimumRole: 'owner', freshSignIn: true }
const USER_RESPONSE = { 200: { $ref: 'User' }, ...ERROR_RESPONSES }

/** Changes to one user: update, SSO mode, deactivate, reactivate, delete; and ownership transfer. */
export function registerUserChangeRoutes(
  app: FastifyInstance,
  principalOf: PrincipalOf,
  deps: UserRoutesDeps,
): void {
  const path = '/api/v1/orgs/:orgId/users/:userId'
  app.patch<UserRoute & { Body: UpdateUser; Querystring: LockoutRiskQuery }>(
    path,
    {
      schema: {
        tags: ['users'],
        summary: 'Change names or role (admin/member); the owner changes only by transfer',
        params: UserParams,
        querystring: LockoutRiskQuery,
        body: UpdateUser,
        response: USER_RESPONSE,
      },
    },
    async (request) => {
      const { orgId, userId } = request.params
      const user = await deps.users.updateUser(
        orgId,
        userId,
        request.body,
        principalOf(request).actor,
        acknowledged(request.query),
      )
      return describeUser(user)
    },
  )

  app.put<UserRoute & { Body: SetUserSSO }>(
    `${path}/sso`,
    {
      schema: {
        tags: ['users'],
        summary: 'Set SSO for this user: enabled, disabled or none; needs "confirm": true',
        params: UserParams,
        body: SetUserSSO,
        response: USER_RESPONSE,
      },
    },
    async (request) => {
      const { orgId, userId } = request.params
      const user = await deps.users.setSSOOverride(
        orgId,
        userId,
        request.body,
        principalOf(request).actor,
      )
      return describeUser(user)
    },
  )

  for (const action of ['deactivate', 'reactivate'] as const) {
    app.post<UserRoute & { Querystring: LockoutRiskQuery }>(
      `${path}/${action}`,
      {
        schema: {
          tags: ['users'],
          summary:
            action === 'deactivate'
              ? 'Deactivate: revokes sessions, pending codes and tokens at once'
              : 'Reactivate a deactivated user',
          params: UserParams,
          querystring: LockoutRiskQuery,
          response: USER_RESPONSE,
        },
      },
      async (request) => {
        const { orgId, userId } = request.params
        const actor = principalOf(request).actor
        const user =
          action === 'deactivate'
            ? await deps.users.deactivateUser(orgId, userId, actor, acknowledged(request.query))
            : await deps.users.reactivateUser(orgId, userId, actor)
        return describeUser(user)
      },
    )
  }

  app.post<UserRoute>(
    `${path}/invitation`,
    {
      schema: {
        tags: ['users'],
        summary:
          'Send a new invitation to a user who has not accepted one; earlier links stop working',
        params: UserParams,
        response: { 200: ReissuedInvitation, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { orgId, userId } = request.params
      const issued = await deps.invitations.reissueInvitation(
        orgId,
        userId,
        principalOf(request).actor,
      )
      return {
        user: describeUser(issued.user),
        inviteUrl: issued.inviteUrl,
        expiresAt: new Date(issued.expiresAt).toISOString(),
        emailDelivery: issued.emailDelivery,
      }
    },
  )

  app.delete<UserRoute & { Querystring: LockoutRiskQuery }>(
    path,
    {
      schema: {
        tags: ['users'],
        summary: 'Delete a user (never the owner)',
        params: UserParams,
        querystring: LockoutRiskQuery,
        response: { 204: { type: 'null' }, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { orgId, userId } = request.params
      await deps.users.deleteUser(
        orgId,
        userId,
        principalOf(request).actor,
        acknowledged(request.query),
      )
      return reply.code(204).send()
    },
  )

  app.put<{ Params: { orgId: string }; Body: TransferOwnership; Querystring: LockoutRiskQuery }>(
    '/api/v1/orgs/:orgId/owner',
    {
      config: OWNER_ONLY_FRESH,
      schema: {
        tags: ['users'],
        summary:
          'Transfer ownership to an active user (owner only); the old owner becomes an admin',
        description:
          'Sensitive. A session caller must have signed in within the last 5 minutes (`403 auth.reauthentication_required`; sign in again at `/admin/reauthenticate`); API tokens are not asked.',
        params: OrgParams,
        querystring: LockoutRiskQuery,
        body: TransferOwnership,
        response: USER_RESPONSE,
      },
    },
    async (request) => {
      const { orgId } = request.params
      const user = await deps.users.transferOwnership(
        orgId,
        request.body.userId,
        principalOf(request).actor,
        acknowledged(request.query),
      )
      return describeUser(user)
    },
  )
}

function acknowledged(query: LockoutRiskQuery) {
  return { acknowledgeLockoutRisk: query.acknowledgeLockoutRisk === 'true' }
}
