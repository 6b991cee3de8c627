import { defaultReportingCurrency } from '@attribution/contracts'
import { attributionLevels, attributionModels, defaultAttributionOptions, SHARE_SCALE, type AttributionModel, type CustomWeights } from '@attribution/domain'
import { answerCache, type CacheLookup, type SharedRead } from '../answers/answerCache.ts'
import { buildRecorded } from '../credits/builds.ts'
import type { AttributionQuery } from './attributionQuery.ts'
import { loadCampaignCosts, loadCampaigns, loadMqlCounts } from './campaignFacts.ts'
import type { ClickHouse } from '@attribution/clickhouse'
import { customCreditKey, loadCustomCredits, readyCreditsOf } from '../credits/customModelCredits.ts'
import { liveTallies } from './liveTallies.ts'
import { milestoneTallies } from './milestoneTallies.ts'
import { precomputedTallies } from './precomputedTallies.ts'
import { rulesTallies } from './rulesTallies.ts'
import { reportedAmount } from '../answers/reportedAmount.ts'
import { loadUnconvertedDeals, reportedUnconverted, type UnconvertedAmount, type UnconvertedCents } from '../answers/unconverted.ts'
import { rounded } from '../answers/rounding.ts'
import { emptyTallies, type Tallies } from './tallies.ts'
import type { TrainingInfo } from '../credits/trainingInfo.ts'
import { isTrainedPaths, readyTraining, trainedKey, trainingInfoOf, trainingKeys } from '../credits/trainedModels.ts'

export interface CampaignRevenue {
  /** Null at channel level. */
  campaignId: string | null
  campaignName: string | null
  channel: string | null
  pipeline: number
  revenue: number
  dealsCreated: number
  dealsWon: number
  cost: number
  roi: number | null
  /** Return on ad spend: revenue / cost. */
  roas: number | null
  costPerWonDeal: number | null
  /** MQLs the campaign's touches qualified in the window; null when no lead definition is in use. */
  mqls: number | null
  costPerMql: number | null
}

export interface RevenueByCampaign {
  rows: CampaignRevenue[]
  totals: Omit<CampaignRevenue, 'campaignId' | 'campaignName' | 'channel'>
  unattributed: { pipeline: number; revenue: number; dealsCreated: number; dealsWon: number }
  /** What markov and shapley learnt from; null for the other models. */
  training: TrainingInfo | null
  /**
   * Under the primary_contact mapping: how many deals of the window named no primary contact, so that their journeys
   * fell back to all their contacts; null under the other mappings.
   */
  dealsWithoutPrimaryContact: number | null
  /**
   * Pipeline, revenue and cost in the window in another currency with no rate in effect yet, per currency in its own
   * unit: counted in no figure above until a rate arrives (docs/currencies.md). Empty when every amount converts.
   */
  unconverted: UnconvertedAmount[]
}

const ratio = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? rounded(numerator / denominator) : null
const roiOf = (revenueCents: number, costCents: number): number | null => ratio(revenueCents - costCents, costCents)
/** Cost per (fractional) won deal, in the major unit. */
const perWonDeal = (costCents: number, wonDeals: number): number | null =>
  costCents > 0 && wonDeals > 0 ? Math.round(costCents / wonDeals) / 100 : null
const deals = (parts: number): number => rounded(parts / SHARE_SCALE)
const perMql = (costCents: number, mqls: number | null): number | null =>
  mqls !== null && mqls > 0 && costCents > 0 ? Math.round(costCents / mqls) / 100 : null

/**
 * The projector keeps credits over all contacts' journeys with the default lookback and half-life, for the rule-based
 * models, for markov and shapley trained on history and for saved custom models that leave the MQL out, and every
 * deal's journey milestones, from which any other custom weights are weighed, the MQL placed under the question's lead
 * definition; models trained on the window, account journeys and other settings are computed on request.
 */
function precomputedModel(query: AttributionQuery): AttributionModel | 'markov' | 'shapley' | 'custom' | undefined {
  // Journeys narrowed to some contact roles (or to the primary contact, which isTrainedPaths refuses) are not kept.
  const keptSettings =
    isTrainedPaths({ mapping: query.mapping ?? 'contacts', lookbackDays: query.lookbackDays }) &&
    query.roles === undefined &&
    query.halfLifeDays === defaultAttributionOptions.halfLifeDays
  if (!keptSettings) return undefined
  if ((attributionModels as readonly string[]).includes(query.model)) return query.model as AttributionModel
  if ((query.model === 'markov' || query.model === 'shapley') && (query.training ?? 'history') === 'history') return query.model
  if (query.model === 'custom' && query.weights) return query.model
  return undefined
}

/**
 * How revenueByCampaign reads what it combines: for the question alone, or shared by every answer of a data version
 * (answerCache), as the API serves it.
 */
interface Reads {
  shared: SharedRead
  /** The precomputed tallies of one credit_lines key (a rule-based model, or trainedKey) for the query's window. */
  precomputed(key: string, query: AttributionQuery): Promise<Tallies>
}

function readAlone(clickhouse: ClickHouse): Reads {
  return {
    shared: (_key, read) => read(),
    precomputed: async (key, query) =>
      (await precomputedTallies(clickhouse, [key], query, [query.level])).get(query.level)?.get(key) ?? emptyTallies(),
  }
}

/**
 * Reads shared through the answer cache. The cost, the campaigns and the MQLs of a window are the same under every
 * model. And one read of every model's precomputed tallies for a window, at both levels, costs little more than one
 * model's, while a dashboard, or the compare endpoint, asks for several: so all are read together and kept until the
 * credits change.
 */
function readShared(clickhouse: ClickHouse, shared: SharedRead): Reads {
  return {
    shared,
    async precomputed(key, query) {
      const byLevel = await shared(
        `precomputed tallies ${windowKey(query)}`,
        async () => {
          const [ready, custom] = await Promise.all([readyTrainingOf(clickhouse, shared), customCreditsOf(clickhouse, shared)])
          const trained = ready ? trainingKeys(ready.training) : []
          const saved = custom.filter(({ state }) => state === 'ready').map(customCreditKey)
          return precomputedTallies(clickhouse, [...attributionModels, ...trained, ...saved], query, attributionLevels)
        },
        'credits',
      )
      // The key's training (custom credits) and the read's are those ready at the same credits version.
      return byLevel.get(query.level)?.get(key) ?? emptyTallies()
    },
  }
}

const windowKey = (query: AttributionQuery): string => `${query.from ?? ''}..${query.to ?? ''}`
const readyTrainingOf = (clickhouse: ClickHouse, shared: SharedRead) => shared('ready training', () => readyTraining(clickhouse), 'credits')
const customCreditsOf = (clickhouse: ClickHouse, shared: SharedRead) => shared('custom credits', () => loadCustomCredits(clickhouse), 'credits')

/**
 * The tallies from the credits the projector keeps where it keeps them (for markov and shapley: once trained; for a
 * saved custom model: once credited; for other custom weights: from the journey milestones, once kept for every
 * deal), else computed now, as `live` always does.
 */
async function talliesOf(
  clickhouse: ClickHouse,
  query: AttributionQuery,
  source: 'auto' | 'live',
  reads: Reads,
  reportingCurrency: string,
): Promise<Tallies> {
  if (query.channelRules !== undefined) {
    // The API names only replayed versions, for rule-based models with the kept settings (channelRulesFor.ts).
    const kept = precomputedModel(query)
    if (kept === undefined || !(attributionModels as readonly string[]).includes(kept)) throw new Error('channelRules asks a rule-based model with the kept settings')
    return rulesTallies(clickhouse, kept, query, query.level, query.channelRules)
  }
  const model = source === 'auto' ? precomputedModel(query) : undefined
  if (model === 'markov' || model === 'shapley') {
    const ready = await readyTrainingOf(clickhouse, reads.shared)
    if (ready) {
      const tallies = await reads.precomputed(trainedKey(model, query.level, ready.training), query)
      return { ...tallies, training: trainingInfoOf(ready) }
    }
  } else if (model === 'custom') {
    const tallies = query.weights && (await keptCustomTallies(clickhouse, query, query.weights, reads))
    if (tallies) return tallies
  } else if (model) {
    return reads.precomputed(model, query)
  }
  return liveTallies(clickhouse, query, reportingCurrency)
}

/**
 * Custom weights: from a saved model's credits when one with these weights is ready, else weighed per deal from the
 * journey milestones (a save still being credited, weights nobody saved, weights with the MQL), once they are kept.
 */
async function keptCustomTallies(
  clickhouse: ClickHouse,
  query: AttributionQuery,
  weights: CustomWeights,
  reads: Reads,
): Promise<Tallies | undefined> {
  const credits = readyCreditsOf(await customCreditsOf(clickhouse, reads.shared), weights)
  if (credits) return reads.precomputed(customCreditKey(credits), query)
  if (!(await reads.shared('journey milestones built', () => buildRecorded(clickhouse, 'journey_milestone_builds'), 'credits'))) return undefined
  return milestoneTallies(clickhouse, { ...query, weights })
}

/**
 * Pipeline (deals created in the window) and revenue (deals won in it) credited to campaigns under one model. Each
 * deal's credits are whole cents that sum to its amount, so campaign totals plus the unattributed remainder equal the
 * amounts of the deals exactly.
 */
export async function revenueByCampaign(
  clickhouse: ClickHouse,
  query: AttributionQuery,
  /** `live` recomputes even what the projector keeps: the reference the precomputed credits are checked against. */
  source: 'auto' | 'live' = 'auto',
  reads: Reads = readAlone(clickhouse),
  /** The currency every amount is reported in (docs/currencies.md). */
  reportingCurrency: string = defaultReportingCurrency,
): Promise<RevenueByCampaign> {
  const { shared } = reads
  const window = windowKey(query)
  const { definition } = query
  const [tallies, { byCampaign: costs, unconverted: unconvertedCosts }, unconvertedDeals, campaigns, mqls] = await Promise.all([
    talliesOf(clickhouse, query, source, reads, reportingCurrency),
    shared(`costs ${window}`, () => loadCampaignCosts(clickhouse, query, reportingCurrency), 'data'),
    shared(`unconverted deals ${window}`, () => loadUnconvertedDeals(clickhouse, query), 'credits'),
    shared('campaigns', () => loadCampaigns(clickhouse), 'data'),
    definition
      ? shared(
          `mqls ${query.level} ${window} ${definition.definitionId}@${definition.version}`,
          () => loadMqlCounts(clickhouse, query, definition, query.level),
          'data',
        )
      : undefined,
  ])
  const unconverted = [...unconvertedDeals, ...unconvertedCosts]
  const answer =
    query.level === 'channel'
      ? report(tallies, costsByChannel(costs, campaigns), mqls, new Map(), true, unconverted)
      : report(tallies, costs, mqls, campaigns, false, unconverted)
  return { ...answer, dealsWithoutPrimaryContact: query.mapping === 'primary_contact' ? (tallies.dealsWithoutPrimaryContact ?? 0) : null }
}

/**
 * revenue-by-campaign as the API serves it: dashboards ask the same questions again and again, so each is answered
 * once per data version, from reads shared by the answers of that version (answerCache).
 */
export function servedRevenueByCampaign(
  clickhouse: ClickHouse,
  onLookup?: (lookup: CacheLookup) => void,
  reportingCurrency: string = defaultReportingCurrency,
): (query: AttributionQuery) => Promise<RevenueByCampaign> {
  const cache = answerCache(clickhouse, undefined, onLookup)
  return (query) =>
    cache.answer(JSON.stringify(query), (shared) => revenueByCampaign(clickhouse, query, 'auto', readShared(clickhouse, shared), reportingCurrency))
}

/** Campaign spend summed by the campaign's channel; spend of a campaign with no channel stays under ''. */
function costsByChannel(costs: Map<string, number>, campaigns: Map<string, { channel: string }>): Map<string, number> {
  const byChannel = new Map<string, number>()
  for (const [campaignId, cents] of costs) {
    const channel = campaigns.get(campaignId)?.channel ?? ''
    byChannel.set(channel, (byChannel.get(channel) ?? 0) + cents)
  }
  return byChannel
}

/** Rows keyed by campaign, or by channel (then `campaigns` is empty and every row's campaign is null). */
function report(
  tallies: Tallies,
  costs: Map<string, number>,
  /** MQLs per campaign (channel); undefined without a lead definition. */
  mqls: Map<string, number> | undefined,
  campaigns: Map<string, { name: string; channel: string }>,
  byChannel: boolean,
  unconverted: readonly UnconvertedCents[],
): Omit<RevenueByCampaign, 'dealsWithoutPrimaryContact'> {
  // MQLs qualified without any touch have no campaign: they count in the totals only.
  const mqlKeys = [...(mqls?.keys() ?? [])].filter((key) => key !== '')
  const keys = new Set([...tallies.campaigns.keys(), ...costs.keys(), ...mqlKeys])
  const rows = [...keys].map((key): CampaignRevenue => {
    // Campaigns (channels) that spent in the window but earned nothing still belong in an ROI report.
    const tally = tallies.campaigns.get(key) ?? { pipelineCents: 0, revenueCents: 0, createdParts: 0, wonParts: 0, channel: '' }
    const info = campaigns.get(key)
    const costCents = costs.get(key) ?? 0
    const mqlCount = mqls ? (mqls.get(key) ?? 0) : null
    return {
      campaignId: byChannel ? null : key,
      campaignName: info?.name || null,
      channel: byChannel ? key || null : info?.channel || tally.channel || null,
      pipeline: reportedAmount(tally.pipelineCents),
      revenue: reportedAmount(tally.revenueCents),
      dealsCreated: deals(tally.createdParts),
      dealsWon: deals(tally.wonParts),
      cost: reportedAmount(costCents),
      roi: roiOf(tally.revenueCents, costCents),
      roas: ratio(tally.revenueCents, costCents),
      costPerWonDeal: perWonDeal(costCents, tally.wonParts / SHARE_SCALE),
      mqls: mqlCount,
      costPerMql: perMql(costCents, mqlCount),
    }
  })
  const keyOf = (row: CampaignRevenue) => row.campaignId ?? row.channel ?? ''
  rows.sort((a, b) => b.revenue - a.revenue || b.pipeline - a.pipeline || (keyOf(a) < keyOf(b) ? -1 : 1))

  const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0)
  const pipelineCents = sum([...tallies.campaigns.values()].map((tally) => tally.pipelineCents))
  const revenueCents = sum([...tallies.campaigns.values()].map((tally) => tally.revenueCents))
  const costCents = sum(costs.values())
  const mqlTotal = mqls ? sum(mqls.values()) : null
  const { unattributed } = tallies
  return {
    rows,
    totals: {
      pipeline: reportedAmount(pipelineCents),
      revenue: reportedAmount(revenueCents),
      dealsCreated: tallies.dealsCreated - unattributed.dealsCreated,
      dealsWon: tallies.dealsWon - unattributed.dealsWon,
      cost: reportedAmount(costCents),
      roi: roiOf(revenueCents, costCents),
      roas: ratio(revenueCents, costCents),
      costPerWonDeal: perWonDeal(costCents, tallies.dealsWon - unattributed.dealsWon),
      mqls: mqlTotal,
      costPerMql: perMql(costCents, mqlTotal),
    },
    unattributed: {
      pipeline: reportedAmount(unattributed.pipelineCents),
      revenue: reportedAmount(unattributed.revenueCents),
      dealsCreated: unattributed.dealsCreated,
      dealsWon: unattributed.dealsWon,
    },
    training: tallies.training ?? null,
    unconverted: reportedUnconverted(unconverted),
  }
}
