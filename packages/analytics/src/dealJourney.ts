import { fromCents } from '@attribution/contracts'
import { creditWeighted, weigh, type AttributionModel, type AttributionOptions, type Milestone } from '@attribution/domain'
import { loadCampaigns } from './campaignFacts.ts'
import type { ClickHouse } from './connection.ts'
import { loadDealJourneys } from './journeys.ts'
import type { DefinitionRef } from './leadDefinitions.ts'

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
  amount: number
  wonAmount: number | null
  /** Touches of the deal's journey under the model, in order, each with the milestones it holds and its credit. */
  touches: JourneyStep[]
}

/**
 * One deal's journey under a model, touch by touch, with the same credits revenue-by-campaign sums: how a marketer
 * explains any number on the dashboard. With a lead definition, the touch that qualified the lead is marked MQL.
 * Null when no such deal was created.
 */
export async function dealJourney(
  clickhouse: ClickHouse,
  dealId: string,
  model: AttributionModel,
  options: AttributionOptions,
  definition?: DefinitionRef,
): Promise<DealJourneyAnswer | null> {
  const [[journey], campaigns] = await Promise.all([
    loadDealJourneys(clickhouse, { dealIds: [dealId] }, options.lookbackDays, 'contacts', definition),
    loadCampaigns(clickhouse),
  ])
  if (!journey) return null
  const { deal } = journey
  // Weighed once and allocated by the same code as revenue-by-campaign, so the touches add up to the dashboard's cents.
  const weighted = weigh(model, deal, journey.touches, options)
  const won = deal.wonAt !== undefined
  const credits = creditWeighted(weighted, { pipelineCents: journey.amountCents, revenueCents: won ? journey.wonAmountCents : 0 })
  return {
    dealId,
    createdAt: new Date(deal.createdAt).toISOString(),
    wonAt: deal.wonAt === undefined ? null : new Date(deal.wonAt).toISOString(),
    amount: fromCents(journey.amountCents),
    wonAmount: won ? fromCents(journey.wonAmountCents) : null,
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
      pipeline: fromCents(credits[index]?.pipelineCents ?? 0),
      revenue: fromCents(credits[index]?.revenueCents ?? 0),
    })),
  }
}
