import { fromCents } from '@attribution/contracts'
import { allocateCents, weigh, type AttributionModel, type AttributionOptions } from '@attribution/domain'
import { loadCampaignCosts, loadCampaigns } from './campaignFacts.ts'
import type { ClickHouse } from './connection.ts'
import { loadDealJourneys } from './journeys.ts'
import type { TimeWindow } from './window.ts'

export interface RevenueByCampaignQuery extends TimeWindow, AttributionOptions {
  model: AttributionModel
}

export interface CampaignRevenue {
  campaignId: string
  campaignName: string | null
  channel: string | null
  pipeline: number
  revenue: number
  dealsCreated: number
  dealsWon: number
  cost: number
  roi: number | null
}

export interface RevenueByCampaign {
  rows: CampaignRevenue[]
  totals: Omit<CampaignRevenue, 'campaignId' | 'campaignName' | 'channel'>
  unattributed: { pipeline: number; revenue: number; dealsCreated: number; dealsWon: number }
}

interface Tally {
  pipelineCents: number
  revenueCents: number
  dealsCreated: number
  dealsWon: number
  channel: string
}

const emptyTally = (channel: string): Tally => ({ pipelineCents: 0, revenueCents: 0, dealsCreated: 0, dealsWon: 0, channel })
const roiOf = (revenueCents: number, costCents: number): number | null =>
  costCents > 0 ? Math.round(((revenueCents - costCents) / costCents) * 10_000) / 10_000 : null
const round4 = (value: number): number => Math.round(value * 10_000) / 10_000

/**
 * Pipeline (deals created in the window) and revenue (deals won in it) credited to campaigns under one model. Each
 * deal's credits are whole cents that sum to its amount, so campaign totals plus the unattributed remainder equal the
 * amounts of the deals exactly.
 */
export async function revenueByCampaign(clickhouse: ClickHouse, query: RevenueByCampaignQuery): Promise<RevenueByCampaign> {
  const [journeys, costs, campaigns] = await Promise.all([
    loadDealJourneys(clickhouse, query, query.lookbackDays),
    loadCampaignCosts(clickhouse, query),
    loadCampaigns(clickhouse),
  ])
  const tallies = new Map<string, Tally>()
  const unattributed = { pipelineCents: 0, revenueCents: 0, dealsCreated: 0, dealsWon: 0 }
  let dealsCreated = 0
  let dealsWon = 0

  for (const journey of journeys) {
    const weighted = weigh(query.model, journey.deal, journey.touches, query)
    dealsCreated += journey.createdInWindow ? 1 : 0
    dealsWon += journey.wonInWindow ? 1 : 0
    if (weighted.length === 0) {
      if (journey.createdInWindow) {
        unattributed.pipelineCents += journey.amountCents
        unattributed.dealsCreated += 1
      }
      if (journey.wonInWindow) {
        unattributed.revenueCents += journey.wonAmountCents
        unattributed.dealsWon += 1
      }
      continue
    }
    const weights = weighted.map((touch) => touch.weight)
    const pipeline = journey.createdInWindow ? allocateCents(journey.amountCents, weights) : []
    const revenue = journey.wonInWindow ? allocateCents(journey.wonAmountCents, weights) : []
    weighted.forEach(({ touch, weight }, index) => {
      const tally = tallies.get(touch.campaignId) ?? emptyTally(touch.channel)
      tallies.set(touch.campaignId, tally)
      if (journey.createdInWindow) {
        tally.pipelineCents += pipeline[index] ?? 0
        tally.dealsCreated += weight
      }
      if (journey.wonInWindow) {
        tally.revenueCents += revenue[index] ?? 0
        tally.dealsWon += weight
      }
    })
  }
  // Campaigns that spent in the window but earned nothing still belong in an ROI report.
  for (const campaignId of costs.keys()) if (!tallies.has(campaignId)) tallies.set(campaignId, emptyTally(''))

  const rows = [...tallies.entries()].map(([campaignId, tally]): CampaignRevenue => {
    const info = campaigns.get(campaignId)
    const costCents = costs.get(campaignId) ?? 0
    return {
      campaignId,
      campaignName: info?.name || null,
      channel: info?.channel || tally.channel || null,
      pipeline: fromCents(tally.pipelineCents),
      revenue: fromCents(tally.revenueCents),
      dealsCreated: round4(tally.dealsCreated),
      dealsWon: round4(tally.dealsWon),
      cost: fromCents(costCents),
      roi: roiOf(tally.revenueCents, costCents),
    }
  })
  rows.sort((a, b) => b.revenue - a.revenue || b.pipeline - a.pipeline || a.campaignId.localeCompare(b.campaignId))

  const sum = (pick: (tally: Tally) => number) => [...tallies.values()].reduce((total, tally) => total + pick(tally), 0)
  const pipelineCents = sum((tally) => tally.pipelineCents)
  const revenueCents = sum((tally) => tally.revenueCents)
  const costCents = [...costs.values()].reduce((total, cost) => total + cost, 0)
  return {
    rows,
    totals: {
      pipeline: fromCents(pipelineCents),
      revenue: fromCents(revenueCents),
      dealsCreated: dealsCreated - unattributed.dealsCreated,
      dealsWon: dealsWon - unattributed.dealsWon,
      cost: fromCents(costCents),
      roi: roiOf(revenueCents, costCents),
    },
    unattributed: {
      pipeline: fromCents(unattributed.pipelineCents),
      revenue: fromCents(unattributed.revenueCents),
      dealsCreated: unattributed.dealsCreated,
      dealsWon: unattributed.dealsWon,
    },
  }
}
