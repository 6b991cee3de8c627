import { mkdirSync } from 'node:fs'
import { migrate, openClickHouse, revenueByCampaign, type ClickHouse } from '@attribution/analytics'
import { buildApp, type ApiPorts } from '@attribution/api'
import { embeddedPaths, type Config } from '@attribution/config'
import { formatPosition, openEventStore, type EventStore } from '@attribution/event-store'
import { Projector } from '@attribution/projector'
import type { FastifyInstance } from 'fastify'

export interface Engine {
  app: FastifyInstance
  store: EventStore
  clickhouse: ClickHouse
  projector: Projector
  /** Where the API listens, once `listen` ran. */
  url?: string
  listen(): Promise<string>
  stop(): Promise<void>
}

export interface EngineOptions {
  logger?: boolean | { level: string }
}

/**
 * The embedded engine in one process: event store (PGlite, or the PostgreSQL of EVENT_STORE_URL), ClickHouse (chDB, or
 * the server of CLICKHOUSE_URL), the projector between them, and the API appending straight to the store.
 */
export async function openEngine(config: Config, options: EngineOptions = {}): Promise<Engine> {
  const paths = embeddedPaths(config)
  mkdirSync(config.dataDir, { recursive: true })
  const store = await openEventStore(config.eventStoreUrl ?? paths.eventStore)
  const clickhouse = openClickHouse({ url: config.clickhouseUrl, path: paths.clickhouse, database: config.clickhouseDatabase })
  try {
    await migrate(clickhouse)
  } catch (error) {
    await Promise.allSettled([store.close(), clickhouse.close()])
    throw error
  }
  const projector = new Projector({ store, clickhouse })
  const ports: ApiPorts = {
    sink: store,
    queries: { revenueByCampaign: (query) => revenueByCampaign(clickhouse, query) },
    reportingCurrency: config.reportingCurrency,
    async status() {
      const [head, projection] = await Promise.all([store.head(), projector.status()])
      return {
        eventStore: { head: head.position ? formatPosition(head.position) : null, events: head.events },
        projections: [
          { ...projection, position: projection.position ? formatPosition(projection.position) : null },
        ],
      }
    },
  }
  const app = await buildApp(ports, { logger: options.logger ?? false })
  await projector.start()

  const engine: Engine = {
    app,
    store,
    clickhouse,
    projector,
    async listen() {
      const address = await app.listen({ host: config.host, port: config.port })
      engine.url = address
      return address
    },
    async stop() {
      await app.close()
      await projector.stop()
      await Promise.allSettled([store.close(), clickhouse.close()])
    },
  }
  return engine
}
