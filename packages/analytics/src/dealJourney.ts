import { fromCents } from '@attribution/contracts'
import { attribute, type AttributionModel, type AttributionOptions, type Milestone } from '@attribution/domain'
import { loadCampaigns } from './campaignFacts.ts'
import type { ClickHouse } from './connection.ts'
import { loadDealJourneys } from './journeys.ts'

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
 * explains any number on the dashboard. Null when no such deal was created.
 */
export async function dealJourney(
  clickhouse: ClickHouse,
  dealId: string,
  model: AttributionModel,
  options: AttributionOptions,
): Promise<DealJourneyAnswer | null> {
  const [[journey], campaigns] = await Promise.all([
    loadDealJourneys(clickhouse, { dealIds: [dealId] }, options.lookbackDays),
    loadCampaigns(clickhouse),
  ])
  if (!journey) return null
  const { deal } = journey
  const pipeline = attribute(model, deal, journey.touches, journey.amountCents, options)
  const revenue = deal.wonAt === undefined ? [] : attribute(model, deal, journey.touches, journey.wonAmountCents, options)
  const touchesById = new Map(journey.touches.map((touch) => [touch.touchId, touch]))
  return {
    dealId,
    createdAt: new Date(deal.createdAt).toISOString(),
    wonAt: deal.wonAt === undefined ? null : new Date(deal.wonAt).toISOString(),
    amount: fromCents(journey.amountCents),
    wonAmount: deal.wonAt === undefined ? null : fromCents(journey.wonAmountCents),
    touches: pipeline.map((credit, index) => {
      const touch = touchesById.get(credit.touchId)
      return {
        touchpointId: credit.touchId,
        occurredAt: new Date(touch?.occurredAt ?? 0).toISOString(),
        campaignId: credit.campaignId,
        campaignName: campaigns.get(credit.campaignId)?.name || null,
        channel: credit.channel,
        touchType: touch?.touchType ?? '',
        identified: touch?.identified ?? false,
        milestones: credit.milestones,
        share: Math.round(credit.share * 1e6) / 1e6,
        pipeline: fromCents(credit.cents),
        revenue: fromCents(revenue[index]?.cents ?? 0),
      }
    }),
  }
}
