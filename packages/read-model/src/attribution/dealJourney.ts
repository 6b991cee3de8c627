import {
  creditWeighted,
  weighBySpec,
  type AttributionLevel,
  type AttributionModel,
  type AttributionOptions,
  type Milestone,
  type ModelSpec,
} from '@attribution/domain'
import { defaultReportingCurrency, fromCents } from '@attribution/contracts'
import { loadCampaigns } from './campaignFacts.ts'
import type { ClickHouse } from '@attribution/clickhouse'
import { loadDealJourneys } from '../journeys/journeys.ts'
import type { DefinitionRef } from '../leads/definitionRef.ts'
import { reportedAmount } from '../answers/reportedAmount.ts'
import type { TrainingInfo } from '../credits/trainingInfo.ts'
import { historyTrained } from '../credits/trainedModels.ts'

export interface JourneyStep {
  touchpointId: string
  occurredAt: string
  campaignId: string
  campaignName: string | null
  channel: string
  touchType: string
  /** The touch named the person itself; false when it was stitched to them from an anonymous id. */
  identified: boolean
  milestones: Milestone[]
  /** Fraction of the deal credited to this touch. */
  share: number
  pipeline: number
  revenue: number
}

export interface DealJourneyAnswer {
  dealId: string
  createdAt: string
  wonAt: string | null
  /** The deal amount in the reporting currency; null while no rate converts it (docs/currencies.md). */
  amount: number | null
  /** The won amount in the reporting currency; null unless won, or while no rate converts it. */
  wonAmount: number | null
  /** The deal's own currency, and its amounts in it, as they were booked. */
  currency: string
  originalAmount: number
  originalWonAmount: number | null
  /** The rates applied: in effect when the deal was created, and when it was won; '1' at par, null while none is. */
  pipelineRate: string | null
  revenueRate: string | null
  /** Touches of the deal's journey under the model, in order, each with the milestones it holds and its credit. */
  touches: JourneyStep[]
  /** What markov or shapley learnt from (all of history); null for the rule-based models. */
  trained: TrainingInfo | null
}

export interface JourneyQuery extends AttributionOptions {
  dealId: string
  model: AttributionModel | 'markov' | 'shapley'
  /** markov and shapley: whether they weigh the touches' channels or campaigns. */
  level: AttributionLevel
  /** Places the MQL milestone. */
  definition?: DefinitionRef
}

/**
 * One deal's journey under a model, touch by touch, with the same credits revenue-by-campaign sums: how a marketer
 * explains any number on the dashboard. With a lead definition, the touch that qualified the lead is marked MQL.
 * markov and shapley weigh it with what they learnt from history, as revenue-by-campaign does by default.
 * Null when no such deal was created.
 */
export async function dealJourney(
  clickhouse: ClickHouse,
  query: JourneyQuery,
  reportingCurrency: string = defaultReportingCurrency,
): Promise<DealJourneyAnswer | null> {
  const { dealId, model, level, definition } = query
  const options = { lookbackDays: query.lookbackDays, halfLifeDays: query.halfLifeDays }
  const [[journey], campaigns] = await Promise.all([
    loadDealJourneys(clickhouse, { dealIds: [dealId] }, options.lookbackDays, { definition, reportingCurrency }),
    loadCampaigns(clickhouse),
  ])
  if (!journey) return null
  const { spec, training } =
    model === 'markov' || model === 'shapley'
      ? await historyTrained(clickhouse, model, level, { mapping: 'contacts', lookbackDays: options.lookbackDays })
      : { spec: { kind: 'rule', model } satisfies ModelSpec, training: null }
  const { deal } = journey
  // Weighed once and allocated by the same code as revenue-by-campaign, so the touches add up to the dashboard's cents.
  const weighted = weighBySpec(spec, deal, journey.touches, options)
  const won = deal.wonAt !== undefined
  const credits = creditWeighted(weighted, { pipelineCents: journey.amountCents, revenueCents: won ? journey.wonAmountCents : 0 })
  return {
    dealId,
    createdAt: new Date(deal.createdAt).toISOString(),
    wonAt: deal.wonAt === undefined ? null : new Date(deal.wonAt).toISOString(),
    amount: journey.pipeline.cents === undefined ? null : reportedAmount(journey.pipeline.cents),
    wonAmount: won && journey.revenue.cents !== undefined ? reportedAmount(journey.revenue.cents) : null,
    currency: journey.currency || reportingCurrency,
    originalAmount: fromCents(journey.pipeline.originalCents),
    originalWonAmount: won ? fromCents(journey.revenue.originalCents) : null,
    pipelineRate: journey.pipeline.rate ?? null,
    revenueRate: won ? (journey.revenue.rate ?? null) : null,
    touches: weighted.map(({ touch, milestones, weight }, index) => ({
      touchpointId: touch.touchId,
      occurredAt: new Date(touch.occurredAt).toISOString(),
      campaignId: touch.campaignId,
      campaignName: campaigns.get(touch.campaignId)?.name || null,
      channel: touch.channel,
      touchType: touch.touchType,
      identified: touch.identified,
      milestones,
      share: Math.round(weight * 1e6) / 1e6,
      pipeline: reportedAmount(credits[index]?.pipelineCents ?? 0),
      revenue: reportedAmount(credits[index]?.revenueCents ?? 0),
    })),
    trained: training,
  }
}
