/** Operator API: the deployment's event log (issue 24), every organization's or one's. */
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import type { EventLogService } from '../../../services/organization/event-log-service.ts'
import { EventPageBody, EventQuery } from '../../event-schemas.ts'
import { eventPage, type EventQueryString } from '../../event-query.ts'
import { OPERATOR_PREFIX } from './operator-scope.ts'
import { OPERATOR_ERROR_RESPONSES, OPERATOR_SECURITY } from './operator-schemas.ts'

export function registerOperatorEventRoutes(
  app: FastifyInstance,
  deps: { events: EventLogService },
): void {
  app.get<{ Querystring: EventQueryString & { organizationId?: string } }>(
    `${OPERATOR_PREFIX}/events`,
    {
      config: { operatorScope: 'events:read' },
      schema: {
        tags: ['operator: events'],
        summary: 'Events after a cursor, in the order they were committed',
        description:
          'Every organization’s events (and the deployment’s own, such as `organization.deleted`), or one organization’s with `organizationId`. Keep the `cursor` of each answer and send it as `after`: nothing is missed or repeated, whichever instance answers.',
        security: OPERATOR_SECURITY,
        querystring: Type.Object(
          { ...EventQuery, organizationId: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: EventPageBody, ...OPERATOR_ERROR_RESPONSES },
      },
    },
    (request) => eventPage(deps.events, request.query, request.query.organizationId),
  )
}
