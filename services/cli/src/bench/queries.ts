import type { AttributionQuery } from '@attribution/analytics'
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
 * queries in turn, each starting at its own offset, so a mix of models and windows is in flight at any moment.
 */
export async function benchQueries(
  label: string,
  queries: readonly AttributionQuery[],
  ask: (query: AttributionQuery) => Promise<unknown>,
  concurrency: number,
  rounds: number,
): Promise<QueryResult> {
  const latencies: number[] = []
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      for (let i = 0; i < rounds; i += 1) {
        const query = queries[(client + i) % queries.length]
        if (!query) continue
        const { ms } = await timed(() => ask(query))
        latencies.push(ms)
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  return {
    query: label,
    concurrency,
    requests: latencies.length,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    perSecond: round(latencies.length / seconds),
  }
}
