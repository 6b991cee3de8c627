import type { Event } from '@attribution/contracts'

/** Percentile of a sample by nearest rank; 0 for an empty sample. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] ?? 0
}

export const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now()
  const result = await work()
  return { result, ms: performance.now() - started }
}

/** Resolves when a projector reports `total` events applied; its own callback, so measuring adds no queries. */
export function progressTo(total: number): { onProgress(checkpoint: { eventsProcessed: number }): void; done: Promise<void> } {
  let resolve = () => {}
  const done = new Promise<void>((settle) => (resolve = settle))
  return { done, onProgress: (checkpoint) => checkpoint.eventsProcessed >= total && resolve() }
}

export interface PathResult {
  path: string
  events: number
  seconds: number
  eventsPerSecond: number
  /** Per write to the entry point (append or publish), in milliseconds. */
  writeP50Ms: number
  writeP99Ms: number
  /** From the last write until the last stage (ClickHouse, or the event store for ingest alone) has every event. */
  drainMs: number
}

/**
 * Starts the projector, writes the events in batches through `write`, and stops the clock when `projected` settles
 * (every event applied): end-to-end throughput, from the first write to visible in the last stage.
 */
export async function measurePath(
  path: string,
  events: readonly Event[],
  batchSize: number,
  write: (batch: Event[]) => Promise<unknown>,
  startProjector: () => Promise<void>,
  projected: Promise<void>,
): Promise<PathResult> {
  const writes: number[] = []
  const started = performance.now()
  await startProjector()
  for (let i = 0; i < events.length; i += batchSize) {
    const { ms } = await timed(() => write(events.slice(i, i + batchSize)))
    writes.push(ms)
  }
  const written = performance.now()
  await projected
  const seconds = (performance.now() - started) / 1000
  return {
    path,
    events: events.length,
    seconds: round(seconds, 2),
    eventsPerSecond: Math.round(events.length / seconds),
    writeP50Ms: round(percentile(writes, 50)),
    writeP99Ms: round(percentile(writes, 99)),
    drainMs: Math.round(performance.now() - written),
  }
}
