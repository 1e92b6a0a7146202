/** Every statement's time into the DB histogram, through Kysely's log hook (both engines). */
import type { LogEvent } from 'kysely'
import { metrics } from '../platform/metrics.ts'

export function observeQuery(event: LogEvent): void {
  metrics.dbSeconds.observe({ outcome: event.level }, event.queryDurationMillis / 1000)
}
