import type { ClickHouse } from '@attribution/clickhouse'
import type { Config } from '@attribution/config'
import type { EventStore } from '@attribution/event-store'
import { Projector, ReplayRunner, type ProjectorOptions } from '@attribution/projector'
import { creditRebuildProgress, customCreditingProgress, openStores, trainingProgress } from './wiring.ts'

/** The projector and the replays it runs, over stores the caller opened and closes. */
export interface Projection {
  projector: Projector
  replays: ReplayRunner
  start(): Promise<void>
  /** Waits for the replays under way (they may wait for the projector), then stops the projector. */
  stop(): Promise<void>
}

/**
 * Where projections run, replays run: they read the facts the projector writes and wait for it to apply what they
 * replay. `attribution project` runs this in a process of its own; the embedded engine in its one process.
 */
export function projection(
  config: Config,
  store: EventStore,
  clickhouse: ClickHouse,
  options: Pick<ProjectorOptions, 'onProgress' | 'persons'> = {},
): Projection {
  const projector = new Projector({
    store,
    clickhouse,
    reportingCurrency: config.reportingCurrency,
    retrainGrowth: config.retrainGrowth,
    retrainIntervalMs: config.retrainIntervalSeconds * 1000,
    onCreditRebuild: creditRebuildProgress(),
    onTraining: trainingProgress(),
    onCustomCrediting: customCreditingProgress(),
    ...options,
  })
  const replays = new ReplayRunner({ clickhouse, store, ...(options.persons ? { persons: options.persons } : {}) })
  return {
    projector,
    replays,
    async start() {
      await projector.start()
      replays.start()
    },
    async stop() {
      await replays.stop()
      await projector.stop()
    },
  }
}

/**
 * `attribution project`: the stores of the configuration, with the projector and the replays over them, not started;
 * `stop` closes the stores too.
 */
export async function openProjection(config: Config, options: Pick<ProjectorOptions, 'onProgress'> = {}): Promise<Projection> {
  const stores = await openStores(config)
  const running = projection(config, stores.store, stores.clickhouse, { ...options, ...(stores.vault ? { persons: stores.vault } : {}) })
  return {
    ...running,
    async stop() {
      await running.stop()
      await stores.close()
    },
  }
}
