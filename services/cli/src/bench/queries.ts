import { revenueByCampaign, type ClickHouse } from '@attribution/analytics'
import { percentile, round, timed } from './measure.ts'

export interface QueryResult {
  query: string
  concurrency: number
  requests: number
  p50Ms: number
  p99Ms: number
  perSecond: number
}

/** revenue-by-campaign (w_shaped, all time) answered by `concurrency` clients at once, `rounds` times each. */
export async function benchQueries(clickhouse: ClickHouse, concurrency: number, rounds: number): Promise<QueryResult> {
  const latencies: number[] = []
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = 0; i < rounds; i += 1) {
        const { ms } = await timed(() => revenueByCampaign(clickhouse, { model: 'w_shaped', level: 'campaign', lookbackDays: 365, halfLifeDays: 7 }))
        latencies.push(ms)
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  return {
    query: 'revenue-by-campaign w_shaped',
    concurrency,
    requests: latencies.length,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    perSecond: round(latencies.length / seconds),
  }
}
