/**
 * Liveness and readiness (SPEC §6): `/healthz` says the process serves (and which version it is);
 * `/readyz` that it can do work.
 */
import type { FastifyInstance } from 'fastify'
import { VERSION } from '../../platform/version.ts'

export interface HealthDeps {
  /** Resolves when the database answers; rejects otherwise. */
  readonly ping: () => Promise<void>
  /** True once shutdown has begun: load balancers should stop sending traffic. */
  readonly isDraining: () => boolean
}

export function registerHealthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  app.get('/healthz', async () => ({ status: 'ok', version: VERSION }))

  app.get('/readyz', async (_request, reply) => {
    if (deps.isDraining()) {
      return reply.code(503).send({ status: 'draining' })
    }
    try {
      await deps.ping()
    } catch (error) {
      reply.log.warn({ err: error }, 'readiness check: database unreachable')
      return reply.code(503).send({ status: 'unavailable', checks: { database: 'down' } })
    }
    return { status: 'ready', checks: { database: 'up' } }
  })
}
