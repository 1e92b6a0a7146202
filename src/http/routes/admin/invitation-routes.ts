/**
 * Admin API: pending invitations (issue 10). Who has been invited and not accepted yet, with when each
 * link expires; `POST users/{id}/invitation` sends a new one (the old link dies).
 */
import type { FastifyInstance } from 'fastify'
import Type, { type Static } from 'typebox'
import type { InvitationService } from '../../../services/directory/invitation-service.ts'
import { decodeCursor, encodeCursor, pageLimit } from '../../cursor.ts'
import { OrgParams } from './schemas.ts'
import { ERROR_RESPONSES } from '../../api-schemas.ts'

const InvitationBody = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  email: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  expired: Type.Boolean({ description: 'The link no longer works: send a new one.' }),
})

const ListQuery = Type.Object(
  {
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$', description: '1 to 100.' })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)

export function registerInvitationRoutes(
  app: FastifyInstance,
  deps: { readonly invitations: InvitationService },
): void {
  app.get<{ Params: { orgId: string }; Querystring: Static<typeof ListQuery> }>(
    '/api/v1/orgs/:orgId/invitations',
    {
      schema: {
        tags: ['users'],
        summary: 'Pending invitations (not accepted yet), oldest first, with their expiry',
        params: OrgParams,
        querystring: ListQuery,
        response: {
          200: Type.Object({
            invitations: Type.Array(InvitationBody),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      const limit = pageLimit(request.query.limit)
      const cursor = decodeCursor(request.query.cursor)
      const rows = await deps.invitations.listPending(
        request.params.orgId,
        limit,
        cursor && { createdAt: cursor.at, id: cursor.id },
      )
      const page = rows.slice(0, limit)
      const last = page[page.length - 1]
      const iso = (ms: number) => new Date(ms).toISOString()
      return {
        invitations: page.map((i) => ({
          ...i,
          createdAt: iso(i.createdAt),
          expiresAt: iso(i.expiresAt),
        })),
        nextCursor:
          rows.length > limit && last !== undefined
            ? encodeCursor({ at: last.createdAt, id: last.id })
            : null,
      }
    },
  )
}
