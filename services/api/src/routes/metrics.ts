import type { FastifyPluginAsync } from 'fastify'
import type { QueryGate } from '../access/queryGate.ts'
import type { ApiMetrics } from '../metrics/apiMetrics.ts'
import type { ApiPorts } from '../ports.ts'

export interface MetricsRouteOptions {
  ports: ApiPorts
  metrics: ApiMetrics
  gate: QueryGate
}

/**
 * Prometheus' text format: what this process counted (requests, events), and the engine's state as the stores tell
 * it at scrape time (the status route's figures, each projection's lag in time, replays).
 */
export const metricsRoutes: FastifyPluginAsync<MetricsRouteOptions> = async (app, { ports, metrics, gate }) => {
  app.get(
    '/metrics',
    {
      config: { scope: 'read' },
      schema: { summary: 'Metrics in the Prometheus text format (read scope)', produces: ['text/plain'] },
    },
    async (request, reply) => {
      metrics.queriesRunning.set(gate.inUse)
      metrics.queriesQueued.set(gate.queuedNow)
      try {
        await readEngineState(ports, metrics)
      } catch (error) {
        // The counters of this process are worth serving while a store is away; the gauges keep their last values.
        request.log.warn({ err: error }, 'metrics: the stores did not answer; serving this process\'s counters')
      }
      return reply.type(metrics.contentType).send(await metrics.exposition())
    },
  )
}

async function readEngineState(ports: ApiPorts, metrics: ApiMetrics): Promise<void> {
  const [status, gauges] = await Promise.all([ports.status(), ports.gauges?.()])
  metrics.storedEvents.set(status.eventStore.events)
  for (const projection of status.projections) {
    metrics.lagEvents.set({ projection: projection.name }, projection.lag)
    metrics.quarantined.set({ projection: projection.name }, projection.quarantined)
  }
  for (const projection of gauges?.projections ?? []) metrics.lagSeconds.set({ projection: projection.name }, projection.lagSeconds)
  metrics.replayProgress.reset()
  for (const replay of gauges?.replays ?? []) {
    const labels = { definition: replay.definitionId, version: String(replay.version), state: replay.state }
    metrics.replayProgress.set(labels, replay.total > 0 ? replay.processed / replay.total : replay.state === 'done' ? 1 : 0)
  }
}
