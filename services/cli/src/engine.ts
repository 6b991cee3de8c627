import type { ClickHouse } from '@attribution/clickhouse'
import { dashboardFiles } from '@attribution/dashboard'
import { ApiMetrics, buildApp } from '@attribution/api'
import type { Config } from '@attribution/config'
import type { ApiKeyStore, EventStore, PersonVault } from '@attribution/event-store'
import type { Projector } from '@attribution/projector'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { projection } from './projection.ts'
import { apiLimitsOf, refuseUnprotectedListen } from './apiAccess.ts'
import { holdDataDir } from './engineLock.ts'
import { personsOf, vaultedSink } from './persons.ts'
import { apiPorts, openStores } from './wiring.ts'

export interface Engine {
  app: FastifyInstance
  store: EventStore
  clickhouse: ClickHouse
  projector: Projector
  /** The deployment's API keys; undefined where none can be kept (KurrentDB without API_KEYS_URL). */
  keys: ApiKeyStore | undefined
  /** Where persons' ids and keys are kept (docs/privacy.md); undefined where none can be (KurrentDB without PERSON_VAULT_URL). */
  vault: PersonVault | undefined
  listen(): Promise<string>
  stop(): Promise<void>
}

export interface EngineOptions {
  logger?: FastifyServerOptions['logger']
}

/**
 * The embedded engine in one process: event store (PGlite, or the PostgreSQL of EVENT_STORE_URL), ClickHouse (chDB, or
 * the server of CLICKHOUSE_URL), the projector between them with the replays it runs, and the API appending straight
 * to the store. The same parts as the server deployment's `serve` and `project`, in one process.
 */
export async function openEngine(config: Config, options: EngineOptions = {}): Promise<Engine> {
  await refuseUnprotectedListen(config)
  const stores = await openStores(config)
  const { store, clickhouse, keys, vault } = stores
  const releaseDataDir = config.eventStoreUrl ? () => undefined : holdDataDir(config.dataDir)
  const running = projection(config, store, clickhouse, vault ? { persons: vault } : {})
  const sink = vault ? vaultedSink(vault, store) : store
  const persons = personsOf(vault, clickhouse)
  // One /metrics for the one process: the API's counters, the answer cache's and the projector's.
  const metrics = new ApiMetrics([running.projector.metrics.registry])
  const ports = apiPorts(config, store, clickhouse, sink, keys, persons, (lookup) => metrics.countAnswerCacheLookup(lookup))
  const app = await buildApp(ports, { logger: options.logger ?? false }, apiLimitsOf(config), { dashboard: dashboardFiles, metrics })
  await running.start()
  await persons?.erasures.resume()
  return {
    app,
    store,
    clickhouse,
    projector: running.projector,
    keys,
    vault,
    listen: () => app.listen({ host: config.host, port: config.port }),
    async stop() {
      await app.close()
      await persons?.erasures.settle()
      await running.stop()
      await stores.close()
      releaseDataDir()
    },
  }
}
