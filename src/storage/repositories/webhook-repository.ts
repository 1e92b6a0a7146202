/** SQL for webhook endpoints, deliveries and the delivery log, shared by both engines. */
import { sql } from 'kysely'
import type { EventType } from '../../events/event.ts'
import { newId } from '../../platform/random.ts'
import type {
  DeliveryAttempt,
  DeliveryKind,
  DeliveryStatus,
  WebhookDelivery,
} from '../../webhooks/webhook-delivery.ts'
import type { WebhookEndpoint } from '../../webhooks/webhook-endpoint.ts'
import type { DeliveryOutcome, WebhookRepository } from '../../webhooks/webhook-repository.ts'
import type {
  Executor,
  WebhookAttemptsTable,
  WebhookDeliveriesTable,
  WebhookEndpointsTable,
} from '../database.ts'

export class SQLWebhookRepository implements WebhookRepository {
  readonly #db: Executor

  constructor(db: Executor) {
    this.#db = db
  }

  async insertEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    await this.#db.insertInto('webhook_endpoints').values(endpointRow(endpoint)).execute()
  }

  async findEndpoint(endpointId: string): Promise<WebhookEndpoint | undefined> {
    const row = await this.#db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('id', '=', endpointId)
      .executeTakeFirst()
    return row && toEndpoint(row)
  }

  async listEndpoints(clientId?: string): Promise<WebhookEndpoint[]> {
    let q = this.#db.selectFrom('webhook_endpoints').selectAll()
    if (clientId !== undefined) q = q.where('client_id', '=', clientId)
    const rows = await q.orderBy('created_at').orderBy('id').execute()
    return rows.map(toEndpoint)
  }

  async lockEndpoint(endpointId: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('webhook_endpoints')
      .set({ updated_at: sql<number>`updated_at` })
      .where('id', '=', endpointId)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  async updateEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    const { id: _id, created_at: _created, ...row } = endpointRow(endpoint)
    await this.#db.updateTable('webhook_endpoints').set(row).where('id', '=', endpoint.id).execute()
  }

  async deleteEndpoint(endpointId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('webhook_endpoints')
      .where('id', '=', endpointId)
      .executeTakeFirst()
    return result.numDeletedRows === 1n
  }

  async markFailing(endpointId: string, at: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('webhook_endpoints')
      .set({ failing_since: at })
      .where('id', '=', endpointId)
      .where('failing_since', 'is', null)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  async markHealthy(endpointId: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('webhook_endpoints')
      .set({ failing_since: null })
      .where('id', '=', endpointId)
      .where('failing_since', 'is not', null)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  async lockFanOutCursor(): Promise<number> {
    const row = await this.#db
      .updateTable('webhook_fanout')
      .set({ last_seq: sql<number>`last_seq` })
      .where('id', '=', 1)
      .returning('last_seq')
      .executeTakeFirstOrThrow()
    return Number(row.last_seq)
  }

  async setFanOutCursor(seq: number): Promise<void> {
    await this.#db
      .updateTable('webhook_fanout')
      .set({ last_seq: seq })
      .where('id', '=', 1)
      .execute()
  }

  async fanOutCursor(): Promise<number> {
    const row = await this.#db
      .selectFrom('webhook_fanout')
      .select('last_seq')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow()
    return Number(row.last_seq)
  }

  async insertDeliveries(deliveries: readonly WebhookDelivery[]): Promise<void> {
    for (let i = 0; i < deliveries.length; i += 100) {
      const rows = deliveries.slice(i, i + 100).map((d) => ({
        id: d.id,
        endpoint_id: d.endpointId,
        client_id: d.clientId,
        kind: d.kind,
        message_id: d.messageId,
        event_seq: d.eventSeq,
        payload: d.payload,
        status: d.status,
        attempts: d.attempts,
        next_attempt_at: d.nextAttemptAt,
        lease_until: null,
        created_at: d.createdAt,
        delivered_at: d.deliveredAt,
      }))
      if (rows.length > 0) await this.#db.insertInto('webhook_deliveries').values(rows).execute()
    }
  }

  async claimDue(
    now: number,
    leaseUntil: number,
    limit: number,
    perDestination: number,
  ): Promise<WebhookDelivery[]> {
    // The oldest due deliveries, a few per destination, then one conditional UPDATE that leases them:
    // a delivery another instance leased meanwhile fails the condition and is not returned here.
    const due = this.#db
      .selectFrom((eb) =>
        eb
          .selectFrom('webhook_deliveries')
          .select([
            'id',
            'next_attempt_at',
            sql<number>`row_number() over (partition by coalesce(endpoint_id, client_id) order by next_attempt_at, id)`.as(
              'place',
            ),
          ])
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', now)
          .where((w) => w.or([w('lease_until', 'is', null), w('lease_until', '<', now)]))
          .as('due'),
      )
      .select('due.id')
      .where('due.place', '<=', perDestination)
      .orderBy('due.next_attempt_at')
      .limit(limit)
    const rows = await this.#db
      .updateTable('webhook_deliveries')
      .set({ lease_until: leaseUntil })
      .where('id', 'in', due)
      .where('status', '=', 'pending')
      .where((w) => w.or([w('lease_until', 'is', null), w('lease_until', '<', now)]))
      .returningAll()
      .execute()
    return rows.map(toDelivery)
  }

  async releaseLeases(deliveryIds: readonly string[]): Promise<void> {
    if (deliveryIds.length === 0) return
    await this.#db
      .updateTable('webhook_deliveries')
      .set({ lease_until: null })
      .where('id', 'in', [...deliveryIds])
      .execute()
  }

  async postponeDestination(delivery: WebhookDelivery, at: number): Promise<void> {
    let q = this.#db
      .updateTable('webhook_deliveries')
      .set({ next_attempt_at: at })
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<', at)
    q =
      delivery.endpointId === null
        ? q.where('endpoint_id', 'is', null).where('client_id', '=', delivery.clientId)
        : q.where('endpoint_id', '=', delivery.endpointId)
    await q.execute()
  }

  async postpone(deliveryId: string, at: number): Promise<void> {
    await this.#db
      .updateTable('webhook_deliveries')
      .set({ next_attempt_at: at, lease_until: null })
      .where('id', '=', deliveryId)
      .execute()
  }

  async nextDue(): Promise<number | null> {
    const row = await this.#db
      .selectFrom('webhook_deliveries')
      .select(
        sql<
          number | null
        >`min(case when lease_until > next_attempt_at then lease_until else next_attempt_at end)`.as(
          'at',
        ),
      )
      .where('status', '=', 'pending')
      .executeTakeFirst()
    return row?.at === null || row?.at === undefined ? null : Number(row.at)
  }

  async recordAttempt(attempt: DeliveryAttempt, outcome: DeliveryOutcome): Promise<void> {
    await this.#db
      .insertInto('webhook_attempts')
      .values({
        id: newId(),
        delivery_id: attempt.deliveryId,
        endpoint_id: attempt.endpointId,
        client_id: attempt.clientId,
        message_id: attempt.messageId,
        kind: attempt.kind,
        attempted_at: attempt.attemptedAt,
        status: attempt.status,
        error: attempt.error,
        latency_ms: attempt.latencyMs,
      })
      .execute()
    await this.#db
      .updateTable('webhook_deliveries')
      .set({
        status: outcome.status,
        attempts: outcome.attempts,
        next_attempt_at: outcome.nextAttemptAt,
        delivered_at: outcome.deliveredAt,
        lease_until: null,
      })
      .where('id', '=', attempt.deliveryId)
      .execute()
  }

  async listAttempts(
    destination: { readonly endpointId: string } | { readonly clientId: string },
    limit: number,
  ): Promise<DeliveryAttempt[]> {
    let q = this.#db.selectFrom('webhook_attempts').selectAll()
    q =
      'endpointId' in destination
        ? q.where('endpoint_id', '=', destination.endpointId)
        : q.where('client_id', '=', destination.clientId).where('kind', '=', 'logout')
    const rows = await q
      .orderBy('attempted_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
    return rows.map(toAttempt)
  }

  async sweep(before: number): Promise<number> {
    const attempts = await this.#db
      .deleteFrom('webhook_attempts')
      .where('attempted_at', '<', before)
      .executeTakeFirst()
    const deliveries = await this.#db
      .deleteFrom('webhook_deliveries')
      .where('status', '<>', 'pending')
      .where('created_at', '<', before)
      .executeTakeFirst()
    return Number(attempts.numDeletedRows) + Number(deliveries.numDeletedRows)
  }
}

function endpointRow(e: WebhookEndpoint): WebhookEndpointsTable {
  return {
    id: e.id,
    client_id: e.clientId,
    name: e.name,
    url: e.url,
    event_types: JSON.stringify(e.eventTypes),
    secret_sealed: e.secretSealed,
    previous_secret_sealed: e.previousSecretSealed,
    previous_secret_expires_at: e.previousSecretExpiresAt,
    enabled: e.enabled ? 1 : 0,
    failing_since: e.failingSince,
    start_seq: e.startSeq,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  }
}

function toEndpoint(row: WebhookEndpointsTable): WebhookEndpoint {
  return {
    id: row.id,
    clientId: row.client_id,
    name: row.name,
    url: row.url,
    eventTypes: JSON.parse(row.event_types) as EventType[],
    secretSealed: row.secret_sealed,
    previousSecretSealed: row.previous_secret_sealed,
    previousSecretExpiresAt:
      row.previous_secret_expires_at === null ? null : Number(row.previous_secret_expires_at),
    enabled: Number(row.enabled) !== 0,
    failingSince: row.failing_since === null ? null : Number(row.failing_since),
    startSeq: Number(row.start_seq),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

function toDelivery(row: WebhookDeliveriesTable): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    clientId: row.client_id,
    kind: row.kind as DeliveryKind,
    messageId: row.message_id,
    eventSeq: row.event_seq === null ? null : Number(row.event_seq),
    payload: row.payload,
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    createdAt: Number(row.created_at),
    deliveredAt: row.delivered_at === null ? null : Number(row.delivered_at),
  }
}

function toAttempt(row: WebhookAttemptsTable): DeliveryAttempt {
  return {
    deliveryId: row.delivery_id,
    endpointId: row.endpoint_id,
    clientId: row.client_id,
    messageId: row.message_id,
    kind: row.kind as DeliveryKind,
    attemptedAt: Number(row.attempted_at),
    status: row.status === null ? null : Number(row.status),
    error: row.error,
    latencyMs: Number(row.latency_ms),
  }
}
