import { compactRows, creditLinesOf, insertCompact, refreshCreditSums, toClickHouseTime, type ClickHouse } from '@attribution/analytics'

export interface RebuildProgress {
  dealsDone: number
  dealsTotal: number
}

export interface RebuildOptions {
  clickhouse: ClickHouse
  /** Events the projector has applied: the rows' version, so that the batches it applies next replace them. */
  eventsProcessed: number
  /** Deals loaded and credited per step: each step reads every touch once, so larger steps mean fewer reads. */
  dealsPerStep?: number
  onProgress?: (progress: RebuildProgress) => void
}

/**
 * Recomputes the credit lines of every deal, then every credit day: what the projector keeps current batch by batch,
 * rebuilt from the facts in one pass. Run with no projector applying batches (it is, at projector start), because both
 * would write lines for the same deals.
 */
export async function rebuildCredits({ clickhouse, eventsProcessed, dealsPerStep = 50_000, onProgress }: RebuildOptions): Promise<RebuildProgress> {
  const result = await clickhouse.client.query({
    query: `SELECT DISTINCT deal_id FROM ${clickhouse.table('deal_events')} WHERE kind = 'created' ORDER BY deal_id`,
    format: 'JSONCompactEachRow',
  })
  const dealIds = (await result.json<[string]>()).map(([dealId]) => dealId)
  const progress = { dealsDone: 0, dealsTotal: dealIds.length }
  onProgress?.(progress)
  // Pipelined: while ClickHouse writes one step's lines, the next step's are credited here.
  let writing: Promise<void> = Promise.resolve()
  for (let start = 0; start < dealIds.length; start += dealsPerStep) {
    const step = dealIds.slice(start, start + dealsPerStep)
    const lines = compactRows((await creditLinesOf(clickhouse, step, eventsProcessed)).rows)
    await writing
    writing = insertCompact(clickhouse, 'credit_lines', lines).then(() => {
      progress.dealsDone += step.length
      onProgress?.(progress)
    })
    // Awaited on the next step; until then a failed write must not count as an unhandled rejection.
    writing.catch(() => {})
  }
  await writing
  // Every day once, from all the lines, rather than the days of each step as the projector's batches do.
  await refreshCreditSums(clickhouse, 'all', eventsProcessed)
  await recordRebuild(clickhouse, eventsProcessed, dealIds.length)
  return progress
}

/**
 * Makes sure every deal has its credit lines before the projector applies more events. A projector starting from an
 * empty log writes every credit itself, batch by batch, so that start is recorded as a rebuild of nothing. One that
 * has applied events with no rebuild recorded runs on an install from before credit_lines existed: it rebuilds them.
 */
export async function ensureCreditsBuilt(
  clickhouse: ClickHouse,
  eventsProcessed: number,
  onProgress?: (progress: RebuildProgress) => void,
): Promise<void> {
  const result = await clickhouse.client.query({
    query: `SELECT count() AS rebuilds FROM ${clickhouse.table('credit_rebuilds')}`,
    format: 'JSONEachRow',
  })
  const [row] = await result.json<{ rebuilds: string | number }>()
  if (Number(row?.rebuilds ?? 0) > 0) return
  if (eventsProcessed === 0) await recordRebuild(clickhouse, 0, 0)
  else await rebuildCredits({ clickhouse, eventsProcessed, onProgress })
}

async function recordRebuild(clickhouse: ClickHouse, eventsApplied: number, deals: number): Promise<void> {
  await clickhouse.client.insert({
    table: clickhouse.table('credit_rebuilds'),
    values: [{ events_applied: eventsApplied, deals, finished_at: toClickHouseTime(new Date().toISOString()) }],
    format: 'JSONEachRow',
  })
}
