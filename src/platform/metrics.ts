/**
 * Prometheus metrics (SPEC §6) with prom-client: one registry per process, the runtime's own metrics
 * (CPU, memory, event-loop lag, GC) under `portcullis_`, and the product's metrics defined here so every
 * name and label set is in one place. Labels are bounded sets (methods, outcomes, stable codes, route
 * patterns), never user input.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

export const registry = new Registry()
collectDefaultMetrics({ register: registry, prefix: 'portcullis_' })

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

export const metrics = Object.freeze({
  logins: new Counter({
    name: 'portcullis_logins_total',
    help: 'Sign-in attempts by method (pwd, saml), outcome and reason code (empty on success).',
    labelNames: ['method', 'outcome', 'reason'] as const,
    registers: [registry],
  }),
  acsSeconds: new Histogram({
    name: 'portcullis_acs_duration_seconds',
    help: 'Time to validate a SAML response at the ACS, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  passwordSeconds: new Histogram({
    name: 'portcullis_password_hash_duration_seconds',
    help: 'argon2id work (verify or hash), including the wait for a slot.',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  passwordWaiting: new Gauge({
    name: 'portcullis_password_queue_length',
    help: 'Password checks waiting for an argon2 slot.',
    registers: [registry],
  }),
  passwordBusy: new Counter({
    name: 'portcullis_password_busy_total',
    help: 'Sign-ins answered login.busy because the argon2 queue was full.',
    registers: [registry],
  }),
  scimRequests: new Counter({
    name: 'portcullis_scim_requests_total',
    help: 'SCIM requests by HTTP method and status.',
    labelNames: ['method', 'status'] as const,
    registers: [registry],
  }),
  jobRuns: new Counter({
    name: 'portcullis_job_runs_total',
    help: 'Periodic job runs on this instance by job and outcome (finished, stopped, failed).',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  }),
  webhookDeliveries: new Counter({
    name: 'portcullis_webhook_deliveries_total',
    help: 'Tries of webhook and back-channel logout deliveries by kind (event, test, logout) and outcome (delivered, retried, failed).',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  }),
  webhookEndpointsFailing: new Counter({
    name: 'portcullis_webhook_endpoints_failing_total',
    help: 'Webhook endpoints marked failing (a delivery used up every try).',
    registers: [registry],
  }),
  dbSeconds: new Histogram({
    name: 'portcullis_db_query_duration_seconds',
    help: 'Database statement time, as the query builder sees it.',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  httpSeconds: new Histogram({
    name: 'portcullis_http_request_duration_seconds',
    help: 'HTTP requests by route pattern, method and status class.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
})

/** Seconds since `startedMs` (performance.now()). */
export function secondsSince(startedMs: number): number {
  return (performance.now() - startedMs) / 1000
}
