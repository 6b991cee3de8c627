import type { ClickHouse } from '@attribution/clickhouse'
import { comparePositions, type EventStore, type StoredEvent } from '@attribution/event-store'
import { readCheckpoint, readCheckpoints, writeCheckpoints, type Checkpoint, type QuarantinedEvent } from '@attribution/read-model'
import { EventApplication } from './eventApplication.ts'
import type { ProjectorMetrics } from './projectorMetrics.ts'
import { projectionCheckpoint, type Projection } from './projections/projection.ts'

export interface CatchUpOptions {
  store: EventStore
  clickhouse: ClickHouse
  /** The projector's name: its checkpoint is where the projections are brought to. */
  name: string
  projections: readonly Projection[]
  batchSize: number
  onQuarantine: (event: QuarantinedEvent) => void
  onOutage: (error: unknown, retryInMs: number) => void
  /** The projector's metrics: a catch-up's batches are timed and counted with the others. */
  metrics?: ProjectorMetrics
}

/**
 * Brings every projection that stands behind its projector up to where the projector stands, so that from then on
 * they all move together: one added since the last start reads the log from its beginning, applied to it alone, and
 * the others are not applied again. On an install from before projections had checkpoints of their own, each starts at
 * its projector's.
 */
export async function catchUpProjections(options: CatchUpOptions): Promise<void> {
  const { clickhouse, name, projections } = options
  const target = await readCheckpoint(clickhouse, name)
  if (target.position === null) return
  const names = projections.map((projection) => projectionCheckpoint(name, projection))
  const own = await readCheckpoints(clickhouse, names)
  if (own.size === 0) {
    await writeCheckpoints(clickhouse, names, target)
    return
  }
  for (const projection of projections) {
    const from = own.get(projectionCheckpoint(name, projection)) ?? { position: null, eventsProcessed: 0 }
    if (from.position !== null && comparePositions(from.position, target.position) >= 0) continue
    await applyUpTo(options, projection, from, target.position)
  }
}

/** Reads the log after `from` through `through` and applies it to one projection, moving its checkpoint alone. */
async function applyUpTo(
  options: CatchUpOptions,
  projection: Projection,
  from: Checkpoint,
  through: StoredEvent['position'],
): Promise<void> {
  const application = new EventApplication({
    store: options.store,
    clickhouse: options.clickhouse,
    name: options.name,
    stages: [[projection]],
    checkpoints: [projectionCheckpoint(options.name, projection)],
    onQuarantine: options.onQuarantine,
    onOutage: options.onOutage,
    metrics: options.metrics,
  })
  application.resumeAt(from)
  for (let after = from.position; ; ) {
    const read = await options.store.readAll(after, options.batchSize)
    const batch = read.filter(({ position }) => comparePositions(position, through) <= 0)
    if (batch.length > 0) await application.applyBatch(batch)
    if (batch.length < read.length || read.length < options.batchSize) return
    after = batch.at(-1)?.position ?? after
  }
}
