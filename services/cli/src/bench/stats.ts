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
