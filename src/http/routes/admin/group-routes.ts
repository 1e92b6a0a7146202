/**
 * Admin API: groups provisioned by SCIM, read-only (SPEC §5: stored and listed; they grant a role only
 * through the organization's role mapping, issue 28).
 */
import type { FastifyInstance } from 'fastify'
import Type, { type Static } from 'typebox'
import type { Group, GroupMember } from '../../../scim/group.ts'
import type { SCIMGroupService } from '../../../services/directory/scim-group-service.ts'
import { decodeCursor, encodeCursor, pageLimit } from '../../cursor.ts'
import { OrgParams } from './schemas.ts'
import { ERROR_RESPONSES } from '../../api-schemas.ts'

const GroupSummary = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  externalId: Type.Union([Type.String(), Type.Null()]),
  memberCount: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})

const GroupList = Type.Object({
  groups: Type.Array(GroupSummary),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `cursor` to get the next page; null on the last page.',
  }),
})

const GroupDetail = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  externalId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  members: Type.Array(Type.Object({ userId: Type.String(), email: Type.String() })),
})

const ListGroupsQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,3}$', description: '1–100, default 50.' }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
)
type ListGroupsQuery = Static<typeof ListGroupsQuery>

const GroupParams = Type.Object(
  { orgId: Type.String({ maxLength: 100 }), groupId: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
)

export function registerGroupRoutes(
  app: FastifyInstance,
  deps: { readonly groups: SCIMGroupService },
): void {
  app.get<{ Params: { orgId: string }; Querystring: ListGroupsQuery }>(
    '/api/v1/orgs/:orgId/groups',
    {
      schema: {
        tags: ['scim'],
        summary: 'List the groups the IdP provisioned through SCIM, oldest first',
        params: OrgParams,
        querystring: ListGroupsQuery,
        response: { 200: GroupList, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const cursor = decodeCursor(request.query.cursor)
      const page = await deps.groups.pageForAdmin(
        request.params.orgId,
        pageLimit(request.query.limit),
        cursor,
      )
      return {
        groups: page.items.map(({ group, memberCount }) => ({
          ...groupBody(group),
          memberCount,
        })),
        nextCursor: encodeCursor(page.next),
      }
    },
  )

  app.get<{ Params: { orgId: string; groupId: string } }>(
    '/api/v1/orgs/:orgId/groups/:groupId',
    {
      schema: {
        tags: ['scim'],
        summary: 'One group with its members',
        params: GroupParams,
        response: { 200: GroupDetail, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { group, members } = await deps.groups.getForAdmin(
        request.params.orgId,
        request.params.groupId,
      )
      return { ...groupBody(group), members: members.map(memberBody) }
    },
  )
}

function groupBody(group: Group) {
  return {
    id: group.id,
    displayName: group.displayName,
    externalId: group.externalId,
    createdAt: new Date(group.createdAt).toISOString(),
    updatedAt: new Date(group.updatedAt).toISOString(),
  }
}

function memberBody(member: GroupMember) {
  return { userId: member.id, email: member.display }
}
