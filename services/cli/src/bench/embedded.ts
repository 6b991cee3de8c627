import type { ClickHouse } from '@attribution/analytics'
import type { Event } from '@attribution/contracts'
import { openEventStore } from '@attribution/event-store'
import { Projector } from '@attribution/projector'
import { percentile, progressTo, round, timed } from './stats.ts'

export interface PathResult {
  path: string
  events: number
  seconds: number
  eventsPerSecond: number
  /** Per write to the entry point (append or publish), in milliseconds. */
  writeP50Ms: number
  writeP99Ms: number
  /** From the last write until every event is visible in ClickHouse. */
  drainMs: number
}

/**
 * The embedded path: append to PGlite on disk in batches while the projector follows into ClickHouse; the clock
 * stops when ClickHouse has every event.
 */
export async function benchEmbedded(events: readonly Event[], storeDir: string, clickhouse: ClickHouse, batchSize: number): Promise<PathResult> {
  const store = await openEventStore(storeDir)
  const projected = progressTo(events.length)
  const projector = new Projector({ store, clickhouse, name: 'bench-embedded', idleMs: 10, onProgress: projected.onProgress })
  try {
    const writes: number[] = []
    const started = performance.now()
    await projector.start()
    for (let i = 0; i < events.length; i += batchSize) {
      const { ms } = await timed(() => store.append(events.slice(i, i + batchSize)))
      writes.push(ms)
    }
    const written = performance.now()
    await projected.done
    const seconds = (performance.now() - started) / 1000
    return {
      path: 'embedded: append -> PGlite -> projector -> chDB',
      events: events.length,
      seconds: round(seconds, 2),
      eventsPerSecond: Math.round(events.length / seconds),
      writeP50Ms: round(percentile(writes, 50)),
      writeP99Ms: round(percentile(writes, 99)),
      drainMs: Math.round(performance.now() - written),
    }
  } finally {
    await projector.stop()
    await store.close()
  }
}
