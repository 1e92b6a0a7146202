/** Admin API: the organization's event log (issue 24), in commit order after a cursor. */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import type { EventLogService } from '../../../services/organization/event-log-service.ts'
import { ERROR_RESPONSES } from '../../api-schemas.ts'
import { EventPageBody, EventQuery } from '../../event-schemas.ts'
import { eventPage, type EventQueryString } from '../../event-query.ts'
import { OrgParams } from './schemas.ts'

export function registerEventRoutes(app: FastifyInstance, deps: { events: EventLogService }): void {
  app.get<{ Params: { orgId: string }; Querystring: EventQueryString }>(
    '/api/v1/orgs/:orgId/events',
    {
      schema: {
        tags: ['events'],
        summary: 'The organization’s events after a cursor, in the order they were committed',
        description:
          'Keep the `cursor` of each answer and send it as `after`: nothing is missed or repeated, whichever instance answers. Events are kept `EVENT_RETENTION_DAYS` (default 30).',
        params: OrgParams,
        querystring: Type.Object(EventQuery, { additionalProperties: false }),
        response: { 200: EventPageBody, ...ERROR_RESPONSES },
      },
    },
    (request) => eventPage(deps.events, request.query, request.params.orgId),
  )
}
