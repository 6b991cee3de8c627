import type { ClickHouse } from '@attribution/clickhouse'
import { buildApp } from '@attribution/api'
import type { Config } from '@attribution/config'
import type { EventStore } from '@attribution/event-store'
import { Projector } from '@attribution/projector'
import type { FastifyInstance } from 'fastify'
import { apiPorts, backgroundReplays, closeAll, creditRebuildProgress, customCreditingProgress, openAnalytics, openStore, trainingProgress } from './wiring.ts'

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
 * the server of CLICKHOUSE_URL), the projector between them, and the API appending straight to the store.
 */
export async function openEngine(config: Config, options: EngineOptions = {}): Promise<Engine> {
  const store = await openStore(config)
  let clickhouse: ClickHouse
  try {
    clickhouse = await openAnalytics(config)
  } catch (error) {
    await store.close()
    throw error
  }
  const projector = new Projector({
    store,
    clickhouse,
    retrainGrowth: config.retrainGrowth,
    onCreditRebuild: creditRebuildProgress(),
    onTraining: trainingProgress(),
    onCustomCrediting: customCreditingProgress(),
  })
  const replays = backgroundReplays(clickhouse, store)
  const app = await buildApp(apiPorts(config, store, clickhouse, store, replays), { logger: options.logger ?? false })
  await projector.start()
  return {
    app,
    store,
    clickhouse,
    projector,
    listen: () => app.listen({ host: config.host, port: config.port }),
    async stop() {
      await app.close()
      await replays.settled()
      await projector.stop()
      await closeAll(() => store.close(), () => clickhouse.close())
    },
  }
}
