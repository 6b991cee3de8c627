import { toClickHouseTime, writeRows, type ClickHouse } from '@attribution/clickhouse'
import {
  recordBuild,
  CreditSumKeeper,
  refreshDealCredits,
  ruleCreditModels,
  revenueByCampaign,
  servedRevenueByCampaign,
  rowsOfBatch,
  writeCheckpoint,
  type AttributionQuery,
  type CreditModel,
  type PositionedEvent,
  type TimeWindow,
} from '@attribution/read-model'
import type { Event } from '@attribution/contracts'
import { attributionModels, defaultAttributionOptions, parseCustomWeights, type CustomWeights } from '@attribution/domain'
import { CustomModelCrediting, rebuildCredits, trainModels } from '@attribution/projector'
import { creditRebuildProgress, customCreditingProgress, trainingProgress } from '../wiring.ts'
import { generateAttributionDataset, type AttributionDataset } from './attributionDataset.ts'
import { percentile, round, timed } from './measure.ts'
import { benchQueries, type QueryResult } from './queries.ts'

export interface ScaleResult {
  dataset: AttributionDataset
  generateSeconds: number
  /** Every deal's credits under every rule-based model and its journey milestones, computed and written from the facts. */
  creditSeconds: number
  creditDealsPerSecond: number
  /** markov and shapley trained on every journey at both levels, then every deal credited under them. */
  training: { seconds: number; journeys: number; conversions: number }
  /** A saved custom model: every deal credited under it. */
  customCreditSeconds: number
  /** What keeping the credits current costs the projector at this size: live batches of events, each applied. */
  batchRefresh: { batches: number; events: number; deals: number; p50Ms: number; maxMs: number }
  queries: QueryResult[]
}

/**
 * revenue-by-campaign over a history of `deals` deals and ten times as many touches, at 1, 8 and 64 concurrent clients.
 * The requests mix every rule-based model, markov and shapley (trained on history) and a saved custom model, both
 * levels and three windows (60 questions): all time, a quarter of whole days, and a year starting and ending within a
 * day (whose partial days are read deal by deal). Measured three ways:
 * - every request computed, as for a question nobody asked before;
 * - through the answer cache the API serves from, where repeated questions cost one version read. The single client
 *   asks every question once, so the runs with more clients measure questions asked before;
 * - the same, with a live batch applied before each pass over the questions: a busy install, where the data moves
 *   all the time and most answers are computed again.
 * Then custom weights nobody saved, without and with the MQL milestone, each computed: 24 and 12 questions.
 */
export async function benchAttributionScale(clickhouse: ClickHouse, deals: number): Promise<ScaleResult> {
  const generated = await timed(() => generateAttributionDataset(clickhouse, deals))
  const dataset = generated.result
  process.stderr.write(
    `attribution at scale: ${dataset.deals.toLocaleString('en-US')} deals and ${dataset.touchpoints.toLocaleString('en-US')} touchpoints generated in ${round(generated.ms / 1000)} s\n`,
  )

  const onProgress = creditRebuildProgress('crediting every deal under every model, keeping its journey milestones')
  const credited = await timed(() => rebuildCredits({ clickhouse, eventsProcessed: 1, onProgress, milestones: true }))
  // As a projector's start records it: answers read the milestones only once every deal's are kept.
  await recordBuild(clickhouse, 'journey_milestone_builds', 1, deals)
  // No projector runs here: nothing to keep out of the way, and the new models are the only trained ones.
  let trainedModels: readonly CreditModel[] = []
  const trained = await timed(() =>
    trainModels({
      clickhouse,
      eventsApplied: () => 1,
      rowVersion: () => 1,
      exclusive: (work) => work(),
      creditAlso: () => {},
      replaceTrained: (models) => (trainedModels = models),
      onProgress: trainingProgress(),
    }),
  )
  const custom = await timed(() => saveCustomModel(clickhouse, 'bench-closers', BENCH_CUSTOM_WEIGHTS))

  const windows: TimeWindow[] = [
    {},
    { from: '2025-01-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z' },
    { from: '2024-06-10T09:30:00.000Z', to: '2025-06-10T17:45:00.000Z' },
  ]
  const queries: AttributionQuery[] = [...attributionModels, 'markov' as const, 'shapley' as const, 'custom' as const].flatMap((model) =>
    windows.flatMap((window) =>
      (['campaign', 'channel'] as const).map((level) => ({
        model,
        level,
        ...window,
        ...defaultAttributionOptions,
        ...(model === 'custom' ? { weights: BENCH_CUSTOM_WEIGHTS } : {}),
      })),
    ),
  )
  // Each request computed, as for a question nobody asked before; then as the API answers (once per data version).
  const computed = (query: AttributionQuery) => revenueByCampaign(clickhouse, query)
  const cached = servedRevenueByCampaign(clickhouse)
  const size = `${Math.round(deals / 1000).toLocaleString('en-US')}k deals`
  const results: QueryResult[] = []
  for (const [label, ask] of [[`revenue-by-campaign, ${size}, computed`, computed], [`revenue-by-campaign, ${size}, as served`, cached]] as const) {
    for (const [concurrency, rounds] of [[1, queries.length], [8, 16], [64, 4]] as const) {
      results.push(await benchQueries(label, queries, ask, concurrency, rounds))
    }
  }
  // Custom weights nobody saved: weighed per deal from the journey milestones, every time (never asked before).
  const unsaved = UNSAVED_WEIGHTS.flatMap((weights) =>
    windows.flatMap((window) =>
      (['campaign', 'channel'] as const).map((level) => ({ model: 'custom' as const, weights, level, ...window, ...defaultAttributionOptions })),
    ),
  )
  for (const [concurrency, rounds] of [[1, unsaved.length], [8, 3]] as const) {
    results.push(await benchQueries(`revenue-by-campaign, ${size}, custom weights nobody saved`, unsaved, computed, concurrency, rounds))
  }
  // Weights with the MQL: each deal's MQL placed under the dataset's lead definition, per question.
  const withMql = MQL_WEIGHTS.flatMap((weights) =>
    windows.flatMap((window) =>
      (['campaign', 'channel'] as const).map((level) => ({
        model: 'custom' as const,
        weights,
        level,
        definition: dataset.definition,
        ...window,
        ...defaultAttributionOptions,
      })),
    ),
  )
  for (const [concurrency, rounds] of [[1, withMql.length], [8, 2]] as const) {
    results.push(await benchQueries(`revenue-by-campaign, ${size}, custom weights with the MQL`, withMql, computed, concurrency, rounds))
  }
  // A busy install: the data moves under every pass, and every question is asked right after (once, at any load).
  const refreshes: Array<{ deals: number; ms: number }> = []
  const applyLiveBatch = liveBatches(clickhouse, dataset, [...ruleCreditModels, ...trainedModels, ...custom.result])
  const between = { passes: 3, run: async () => void refreshes.push(await applyLiveBatch()) }
  for (const concurrency of [1, 8, 64]) {
    const rounds = Math.ceil(queries.length / concurrency)
    results.push(await benchQueries(`revenue-by-campaign, ${size}, as served after each live batch`, queries, cached, concurrency, rounds, between))
  }
  const milliseconds = refreshes.map(({ ms }) => ms)
  return {
    dataset,
    batchRefresh: {
      batches: refreshes.length,
      events: LIVE_BATCH.touches + LIVE_BATCH.created + LIVE_BATCH.won + LIVE_BATCH.lost,
      deals: percentile(refreshes.map(({ deals }) => deals), 50),
      p50Ms: percentile(milliseconds, 50),
      maxMs: Math.max(...milliseconds),
    },
    generateSeconds: round(generated.ms / 1000),
    creditSeconds: round(credited.ms / 1000),
    creditDealsPerSecond: Math.round(deals / (credited.ms / 1000)),
    training: { seconds: round(trained.ms / 1000), journeys: trained.result?.journeys ?? 0, conversions: trained.result?.conversions ?? 0 },
    customCreditSeconds: round(custom.ms / 1000),
    queries: results,
  }
}

/** A saved custom model that weighs the touches closing the deal, as no rule-based model but full path does. */
const BENCH_CUSTOM_WEIGHTS: CustomWeights = weightsOf({ FT: 20, LC: 20, OC: 20, CW: 30, middle: 10 })

/** Custom weights as a marketer tries them out: with and without the touch that closed the deal, thirds, fractions. */
const UNSAVED_WEIGHTS: CustomWeights[] = [
  { FT: 25, LC: 25, OC: 10, CW: 30, middle: 10 },
  { FT: 100 / 3, LC: 100 / 3, OC: 100 / 3 },
  { FT: 50, middle: 50 },
  { FT: 12.5, LC: 7.5, OC: 40, CW: 0.5, middle: 39.5 },
].map(weightsOf)

/** Weights with the MQL milestone, with and without the touch that closed the deal. */
const MQL_WEIGHTS: CustomWeights[] = [
  { FT: 30, MQL: 40, OC: 30 },
  { FT: 10, LC: 10, MQL: 30, OC: 10, CW: 30, middle: 10 },
].map(weightsOf)

function weightsOf(given: object): CustomWeights {
  const parsed = parseCustomWeights(given)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
  return parsed.weights
}

/**
 * Saves a custom model as the projector applies the save, and credits every deal under it as the projector does in
 * the background. Returns the models live batches credit from then on.
 */
async function saveCustomModel(clickhouse: ClickHouse, name: string, weights: CustomWeights): Promise<CreditModel[]> {
  const save: Event = { eventId: `bench-${name}`, type: 'attribution_model.saved', occurredAt: new Date().toISOString(), data: { name, weights } }
  await writeRows(clickhouse, rowsOfBatch([{ event: save, position: { commit: 1n, prepare: 1n } }]))
  const crediting = new CustomModelCrediting({
    clickhouse,
    rowVersion: () => 1,
    exclusive: (work) => work(),
    onProgress: customCreditingProgress(),
    onError: (error) => {
      throw error
    },
  })
  await crediting.creditNow()
  return crediting.creditModels()
}

/** A live batch in the dataset's mix: ten touches per deal created; three in ten deals won, two lost. */
const LIVE_BATCH = { touches: 1_740, created: 174, won: 52, lost: 34 }

/**
 * A live batch (LIVE_BATCH): touches by known persons in the last hour of the history, deals created for some of them,
 * and outcomes of deals still open, created in the last 90 days (the dataset's deals close 10 to 90 days after their
 * creation). `first` is its first event's position; each batch names other persons and deals.
 */
function liveBatch(dataset: AttributionDataset, openDeals: readonly string[], first: number): PositionedEvent[] {
  const end = Date.parse(dataset.to)
  const at = (minutesBefore: number) => new Date(end - minutesBefore * 60_000).toISOString()
  const person = (index: number) => `p-${((first + index) * 7_919) % dataset.persons}`
  const touches = Array.from({ length: LIVE_BATCH.touches }, (_, index): Event => ({
    eventId: `bench-touch-${first + index}`,
    type: 'touchpoint.recorded',
    occurredAt: at(60),
    data: { personId: person(index), campaignId: 'cmp-1', channel: 'paid_social', touchType: 'ad_click' },
  }))
  const created = Array.from({ length: LIVE_BATCH.created }, (_, index): Event => ({
    eventId: `bench-deal-${first + index}`,
    type: 'deal.created',
    occurredAt: at(30),
    data: { dealId: `bench-deal-${first + index}`, accountId: 'bench', amount: 1_000 + index, currency: 'USD', contactIds: [person(index * 10)] },
  }))
  const outcomes = Array.from({ length: LIVE_BATCH.won + LIVE_BATCH.lost }, (_, index): Event => {
    const dealId = openDeals[(first + index) % openDeals.length] ?? 'd-0'
    return index < LIVE_BATCH.won
      ? { eventId: `bench-won-${first + index}`, type: 'deal.won', occurredAt: at(10), data: { dealId } }
      : { eventId: `bench-lost-${first + index}`, type: 'deal.lost', occurredAt: at(10), data: { dealId } }
  })
  return [...touches, ...created, ...outcomes].map((event, index) => ({
    event,
    position: { commit: BigInt(first + index), prepare: BigInt(first + index) },
  }))
}

/** Deals still open that were created in the 90 days before the history ends: those a live batch closes. */
async function recentOpenDeals(clickhouse: ClickHouse, dataset: AttributionDataset): Promise<string[]> {
  const result = await clickhouse.client.query({
    query: `SELECT deal_id FROM ${clickhouse.table('deals')}
            WHERE NOT is_won AND NOT is_lost AND created_at >= {end:DateTime64(3, 'UTC')} - toIntervalDay(90)
            ORDER BY deal_id`,
    query_params: { end: toClickHouseTime(dataset.to) },
    format: 'JSONCompactEachRow',
  })
  return (await result.json<[string]>()).map(([dealId]) => dealId)
}

/**
 * Applies live batches one after another as the projector does: the facts, the credits of every deal each can change
 * (recomputed and re-summed, timed), then the checkpoint, which moves the data version answers are kept under.
 */
function liveBatches(
  clickhouse: ClickHouse,
  dataset: AttributionDataset,
  models: readonly CreditModel[],
): () => Promise<{ deals: number; ms: number }> {
  // The credits were built at version 1.
  let applied = 1
  const sums = new CreditSumKeeper()
  const openDeals = recentOpenDeals(clickhouse, dataset)
  return async () => {
    const batch = liveBatch(dataset, await openDeals, applied + 1)
    applied += batch.length
    await writeRows(clickhouse, rowsOfBatch(batch))
    const { result: deals, ms } = await timed(() => refreshDealCredits(clickhouse, batch, applied, models, sums))
    const position = BigInt(applied)
    await writeCheckpoint(clickhouse, 'bench', { position: { commit: position, prepare: position }, eventsProcessed: applied })
    return { deals, ms: Math.round(ms) }
  }
}
