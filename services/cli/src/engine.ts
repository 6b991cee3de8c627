import type { ClickHouse } from '@attribution/clickhouse'
import { dashboardFiles } from '@attribution/dashboard'
import { buildApp } from '@attribution/api'
import type { Config } from '@attribution/config'
import type { EventStore } from '@attribution/event-store'
import type { Projector } from '@attribution/projector'
import type { FastifyInstance } from 'fastify'
import { projection } from './projection.ts'
import { apiPorts, closeAll, openStores } from './wiring.ts'

export interface Engine {
  app: FastifyInstance
  store: EventStore
  clickhouse: ClickHouse
  projector: Projector
  listen(): Promise<string>
  stop(): Promise<void>
}

export interface EngineOptions {
  logger?: boolean | { level: string }
}

/**
 * The embedded engine in one process: event store (PGlite, or the PostgreSQL of EVENT_STORE_URL), ClickHouse (chDB, or
 * the server of CLICKHOUSE_URL), the projector between them with the replays it runs, and the API appending straight
 * to the store. The same parts as the server deployment's `serve` and `project`, in one process.
 */
export async function openEngine(config: Config, options: EngineOptions = {}): Promise<Engine> {
  const { store, clickhouse } = await openStores(config)
  const running = projection(config, store, clickhouse)
  const app = await buildApp(apiPorts(config, store, clickhouse, store), { logger: options.logger ?? false }, { dashboard: dashboardFiles })
  await running.start()
  return {
    app,
    store,
    clickhouse,
    projector: running.projector,
    listen: () => app.listen({ host: config.host, port: config.port }),
    async stop() {
      await app.close()
      await running.stop()
      await closeAll(() => store.close(), () => clickhouse.close())
    },
  }
}
