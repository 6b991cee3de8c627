import path from 'node:path'
import type { ClickHouse } from '@attribution/clickhouse'
import { recordBuild, writeCheckpoint } from '@attribution/read-model'
import type { Event } from '@attribution/contracts'
import { rebuildCredits, trainModels } from '@attribution/projector'
import { creditRebuildProgress, trainingProgress } from '../wiring.ts'
import { generateAttributionDataset } from './attributionDataset.ts'
import { benchEmbedded, embeddedProjection } from './embedded.ts'
import { round, timed } from './measure.ts'

export interface LiveAtScaleResult {
  historyDeals: number
  /** Touchpoints of the history (ten per deal). */
  historyTouchpoints: number
  events: number
  eventsPerSecond: number
  /** The live path's drain: from the last append until the projector has applied every event. */
  drainMs: number
  /** Generating the history and crediting every deal in it, before the clock starts. */
  setupSeconds: number
}

/**
 * The embedded path measured on top of a history: `historyDeals` deals with ten touches each are generated into the
 * fact tables, credited under every rule-based model, and markov and shapley trained on them, as years of projected
 * events would leave them (the projection's checkpoint counts the history's events, so the next training is due only
 * once it has grown by a tenth, as in use); then the same live events as the empty-history run are appended while the
 * projector follows. A projector whose cost per event grows with the history is slower here than on an empty one.
 */
export async function benchLiveAtScale(
  events: readonly Event[],
  workDir: string,
  clickhouse: ClickHouse,
  historyDeals: number,
  batchSize: number,
): Promise<LiveAtScaleResult> {
  const setup = await timed(async () => {
    const dataset = await generateAttributionDataset(clickhouse, historyDeals)
    const onProgress = creditRebuildProgress(`crediting the ${historyDeals.toLocaleString('en-US')} deals of the history`)
    await rebuildCredits({ clickhouse, eventsProcessed: 1, onProgress, milestones: true })
    // As a projector that applied this history would have recorded them: its start then builds nothing.
    await recordBuild(clickhouse, 'credit_rebuilds', 1, historyDeals)
    await recordBuild(clickhouse, 'journey_milestone_builds', 1, historyDeals)
    const historyEvents = await countFacts(clickhouse)
    await trainModels({
      clickhouse,
      eventsApplied: () => historyEvents,
      rowVersion: () => historyEvents,
      exclusive: (work) => work(),
      creditAlso: () => {},
      replaceTrained: () => {},
      onProgress: trainingProgress(),
    })
    await writeCheckpoint(clickhouse, embeddedProjection, { position: null, eventsProcessed: historyEvents })
    return dataset
  })
  const live = await benchEmbedded(events, path.join(workDir, 'event-store-live'), clickhouse, batchSize)
  return {
    historyDeals,
    historyTouchpoints: setup.result.touchpoints,
    events: live.events,
    eventsPerSecond: live.eventsPerSecond,
    drainMs: live.drainMs,
    setupSeconds: round(setup.ms / 1000),
  }
}

/** The events a history's facts stand for: one row of a fact table per event. */
async function countFacts(clickhouse: ClickHouse): Promise<number> {
  const tables = ['touchpoints', 'identity_links', 'person_updates', 'campaign_updates', 'campaign_costs', 'deal_events']
  const result = await clickhouse.client.query({
    query: tables.map((table) => `SELECT count() AS rows FROM ${clickhouse.table(table)}`).join(' UNION ALL '),
    format: 'JSONCompactEachRow',
  })
  return (await result.json<[string | number]>()).reduce((sum, [rows]) => sum + Number(rows), 0)
}
