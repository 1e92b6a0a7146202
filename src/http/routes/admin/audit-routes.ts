/** Admin API: the audit log (SPEC §4), newest first, filtered, a page at a time — or as CSV. */
import type { FastifyInstance } from 'fastify'
import type { AuditEvent } from '../../../audit/audit-event.ts'
import {
  MAX_EXPORT_EVENTS,
  type AuditService,
} from '../../../services/organization/audit-service.ts'
import { auditCsv } from '../../../audit/audit-csv.ts'
import { AppError } from '../../../errors/app-error.ts'
import { decodeCursor, encodeCursor, pageLimit } from '../../cursor.ts'
import { AuditEventList, ListAuditQuery, OrgParams } from './schemas.ts'
import { ERROR_RESPONSES } from '../../api-schemas.ts'

export function registerAuditRoutes(app: FastifyInstance, deps: { audit: AuditService }): void {
  app.get<{ Params: { orgId: string }; Querystring: ListAuditQuery }>(
    '/api/v1/orgs/:orgId/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first; filter by actor, target user, type and time',
        params: OrgParams,
        querystring: ListAuditQuery,
        response: { 200: AuditEventList, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const q = request.query
      const cursor = decodeCursor(q.cursor)
      const page = await deps.audit.listEvents(request.params.orgId, {
        limit: pageLimit(q.limit),
        ...(cursor && { before: { occurredAt: cursor.at, id: cursor.id } }),
        ...filtersOf(q),
      })
      return {
        events: page.items.map(toAuditBody),
        nextCursor: encodeCursor(page.next),
      }
    },
  )

  app.get<{ Params: { orgId: string }; Querystring: ListAuditQuery }>(
    '/api/v1/orgs/:orgId/audit-events/export',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log as CSV (the same filters; formula cells neutralised)',
        description: `Newest first, at most ${MAX_EXPORT_EVENTS} events (then the \`x-portcullis-truncated: true\` header says so: narrow \`from\`/\`to\`). Cells a spreadsheet would evaluate (starting with =, +, -, @, tab or CR) get a leading apostrophe.`,
        params: OrgParams,
        querystring: ListAuditQuery,
        produces: ['text/csv'],
        response: {
          200: { type: 'string', description: 'CSV with a header row' },
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params
      const { events, truncated } = await deps.audit.exportEvents(orgId, filtersOf(request.query))
      const day = new Date().toISOString().slice(0, 10)
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${day}.csv"`)
        .header('x-portcullis-truncated', String(truncated))
        .send(auditCsv(events))
    },
  )
}

/** The list's filters (actor, target user, type, time range), shared by the page and the export. */
function filtersOf(q: ListAuditQuery) {
  return {
    ...(q.actor !== undefined && { actorId: q.actor }),
    ...(q.user !== undefined && { targetUserId: q.user }),
    ...(q.type !== undefined && { type: q.type }),
    ...(q.from !== undefined && { from: time(q.from, 'from') }),
    ...(q.to !== undefined && { to: time(q.to, 'to') }),
  }
}

function time(text: string, field: string): number {
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) throw new AppError('request.invalid', { details: { field } })
  return ms
}

function toAuditBody(event: AuditEvent) {
  return {
    id: event.id,
    occurredAt: new Date(event.occurredAt).toISOString(),
    type: event.type,
    outcome: event.outcome,
    reasonCode: event.reasonCode ?? null,
    actor: {
      type: event.actor.type,
      id: event.actor.id,
      ip: event.actor.ip ?? null,
      userAgent: event.actor.userAgent ?? null,
    },
    target: event.target ?? null,
    details: { ...event.details },
  }
}
