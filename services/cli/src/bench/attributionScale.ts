import type { AttributionQuery, ClickHouse, TimeWindow } from '@attribution/analytics'
import { attributionModels, defaultAttributionOptions } from '@attribution/domain'
import { rebuildCredits } from '@attribution/projector'
import { ProgressBar } from '../progress.ts'
import { generateAttributionDataset, type AttributionDataset } from './attributionDataset.ts'
import { round, timed } from './measure.ts'
import { benchQueries, type QueryResult } from './queries.ts'

export interface ScaleResult {
  dataset: AttributionDataset
  generateSeconds: number
  /** Every deal's credits under every rule-based model, computed and written from the facts (credit rebuild). */
  creditSeconds: number
  creditDealsPerSecond: number
  queries: QueryResult[]
}

/**
 * revenue-by-campaign over a history of `deals` deals and ten times as many touches, at 1, 8 and 64 concurrent clients.
 * The requests mix every rule-based model, both levels and three windows: all time, a quarter of whole days, and one
 * starting and ending within a day (whose partial days are read deal by deal).
 */
export async function benchAttributionScale(clickhouse: ClickHouse, deals: number): Promise<ScaleResult> {
  const generated = await timed(() => generateAttributionDataset(clickhouse, deals))
  const dataset = generated.result
  process.stderr.write(
    `attribution at scale: ${dataset.deals.toLocaleString('en-US')} deals and ${dataset.touchpoints.toLocaleString('en-US')} touchpoints generated in ${round(generated.ms / 1000)} s\n`,
  )

  const progress = new ProgressBar('crediting every deal under every model', deals)
  let shown = 0
  const credited = await timed(() =>
    rebuildCredits({
      clickhouse,
      eventsProcessed: 1,
      onProgress: ({ dealsDone }) => {
        progress.advance(dealsDone - shown)
        shown = dealsDone
      },
    }),
  )
  progress.finish()

  const windows: TimeWindow[] = [
    {},
    { from: '2025-01-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z' },
    { from: '2024-06-10T09:30:00.000Z', to: '2025-06-10T17:45:00.000Z' },
  ]
  const queries: AttributionQuery[] = attributionModels.flatMap((model) =>
    windows.flatMap((window) => (['campaign', 'channel'] as const).map((level) => ({ model, level, ...window, ...defaultAttributionOptions }))),
  )
  const results: QueryResult[] = []
  for (const [concurrency, rounds] of [[1, 42], [8, 16], [64, 4]] as const) {
    results.push(await benchQueries(clickhouse, `revenue-by-campaign, ${deals.toLocaleString('en-US')} deals, mixed`, queries, concurrency, rounds))
  }
  return {
    dataset,
    generateSeconds: round(generated.ms / 1000),
    creditSeconds: round(credited.ms / 1000),
    creditDealsPerSecond: Math.round(deals / (credited.ms / 1000)),
    queries: results,
  }
}
