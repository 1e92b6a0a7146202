/**
 * Prometheus metrics at `/metrics` (SPEC §6), only for a scraper that presents METRICS_TOKEN as a bearer
 * token (compared in constant time); without METRICS_TOKEN the route does not exist.
 */
import type { FastifyInstance } from 'fastify'
import { constantEquals } from '../../platform/crypto.ts'
import { registry } from '../../platform/metrics.ts'
import { bearerToken } from '../authorization.ts'

export function registerMetricsRoute(
  app: FastifyInstance,
  deps: { readonly token: string | undefined },
): void {
  const expected = deps.token
  if (expected === undefined) return
  app.get('/metrics', async (request, reply) => {
    const presented = bearerToken(request.headers.authorization)
    if (presented === undefined || !constantEquals(presented, expected)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .send({ error: { code: 'auth.unauthenticated', message: 'Authentication is required.' } })
    }
    return reply.header('content-type', registry.contentType).send(await registry.metrics())
  })
}
