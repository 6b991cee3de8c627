import type { AttributionQuery } from '@attribution/read-model'
import { percentile, round, timed } from './measure.ts'

export interface QueryResult {
  query: string
  concurrency: number
  requests: number
  p50Ms: number
  p99Ms: number
  perSecond: number
}

/**
 * revenue-by-campaign answered by `ask` for `concurrency` clients at once, `rounds` requests each. The clients take the
 * queries in turn, each starting where the one before it stops, so a mix of models and windows is in flight at any
 * moment and, with enough requests, every query is asked. With
 * `between`, that is done `between.passes` times, each after `between.run()` (a batch that moves the data version,
 * say), whose own time is not counted.
 */
export async function benchQueries(
  label: string,
  queries: readonly AttributionQuery[],
  ask: (query: AttributionQuery) => Promise<unknown>,
  concurrency: number,
  rounds: number,
  between?: { passes: number; run: () => Promise<void> },
): Promise<QueryResult> {
  const latencies: number[] = []
  let seconds = 0
  for (let pass = 0; pass < (between?.passes ?? 1); pass += 1) {
    await between?.run()
    const started = performance.now()
    await Promise.all(
      Array.from({ length: concurrency }, async (_, client) => {
        for (let i = 0; i < rounds; i += 1) {
          const query = queries[(client * rounds + i) % queries.length]
          if (!query) continue
          const { ms } = await timed(() => ask(query))
          latencies.push(ms)
        }
      }),
    )
    seconds += (performance.now() - started) / 1000
  }
  return {
    query: label,
    concurrency,
    requests: latencies.length,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    perSecond: round(latencies.length / seconds),
  }
}
