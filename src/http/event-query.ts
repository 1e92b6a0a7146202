/** The event log's query string and answer, the same for the operator's and an organization's route. */
import { describeEvent } from '../events/describe-event.ts'
import { readEventTypes, seqOfEventId } from '../events/event.ts'
import type { EventLogService } from '../services/organization/event-log-service.ts'
import { pageLimit } from './cursor.ts'

export interface EventQueryString {
  readonly after?: string
  readonly types?: string
  readonly limit?: string
}

export async function eventPage(
  log: EventLogService,
  query: EventQueryString,
  orgId: string | undefined,
) {
  const types = readEventTypes(query.types)
  const page = await log.list({
    limit: pageLimit(query.limit, 100, 500),
    ...(query.after === undefined ? {} : { after: seqOfEventId(query.after) }),
    ...(types === undefined ? {} : { types }),
    ...(orgId === undefined ? {} : { orgId }),
  })
  return { events: page.events.map(describeEvent), cursor: page.cursor }
}
