import type { FastifyInstance } from 'fastify'
import type { ApiMetrics } from './apiMetrics.ts'

/** Counts and times every answer by its route's pattern (`/v1/deals/:dealId/journey`), never the path as sent. */
export function measureRequests(app: FastifyInstance, metrics: ApiMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      // Unknown paths share one label: a client must not be able to make up series.
      route: request.is404 ? 'unmatched' : request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    }
    metrics.httpRequests.inc(labels)
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000)
  })
}
