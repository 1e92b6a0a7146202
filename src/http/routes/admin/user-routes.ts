/** Admin API: users (SPEC §4, §7). Thin: validate by schema, authorize, call UserService, shape JSON. */
import type { FastifyInstance } from 'fastify'
import { AppError } from '../../../errors/app-error.ts'
import type { User } from '../../../users/user.ts'
import type { UserService } from '../../../users/user-service.ts'
import type { PrincipalOf } from './admin-scope.ts'
import { decodeCursor, encodeCursor } from './cursor.ts'
import {
  CreatedUser,
  CreateUser,
  ERROR_RESPONSES,
  ListUsersQuery,
  OrgParams,
  UserList,
  UserParams,
  type UserBody,
} from './schemas.ts'

export interface UserRoutesDeps {
  readonly users: UserService
}

const DEFAULT_LIMIT = 50
const MAX_LIMIT = 100

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
      const limit = request.query.limit === undefined ? DEFAULT_LIMIT : Number(request.query.limit)
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new AppError('request.invalid', {
          details: { field: 'limit', reason: `1 to ${MAX_LIMIT}` },
        })
      }
      const page = await deps.users.listUsers(orgId, {
        limit,
        after: request.query.cursor === undefined ? undefined : decodeCursor(request.query.cursor),
        search: request.query.q,
        status: request.query.status,
        role: request.query.role,
      })
      return {
        users: page.users.map(toUserBody),
        nextCursor: page.next === undefined ? null : encodeCursor(page.next),
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
      const { user, inviteUrl } = await deps.users.inviteUser(
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
      return reply.code(201).send({ user: toUserBody(user), inviteUrl })
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
      return toUserBody(await deps.users.getUser(orgId, userId))
    },
  )
}

export function toUserBody(user: User): UserBody {
  const iso = (ms: number) => new Date(ms).toISOString()
  return {
    id: user.id,
    email: user.email,
    givenName: user.givenName,
    familyName: user.familyName,
    displayName: user.displayName,
    externalId: user.externalId,
    status: user.status,
    role: user.role,
    ssoOverride: user.ssoOverride,
    createdAt: iso(user.createdAt),
    updatedAt: iso(user.updatedAt),
    lastLoginAt: user.lastLoginAt === null ? null : iso(user.lastLoginAt),
  }
}
