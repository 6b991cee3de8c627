import { fromCents } from '@attribution/contracts'
import { defaultAttributionOptions, SHARE_SCALE, type AttributionModel, type AttributionOptions } from '@attribution/domain'
import { loadCampaignCosts, loadCampaigns } from './campaignFacts.ts'
import type { ClickHouse } from './connection.ts'
import { liveTallies } from './liveTallies.ts'
import { precomputedTallies } from './precomputedTallies.ts'
import type { Tallies } from './tallies.ts'
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

const roiOf = (revenueCents: number, costCents: number): number | null =>
  costCents > 0 ? Math.round(((revenueCents - costCents) / costCents) * 10_000) / 10_000 : null
const deals = (parts: number): number => Math.round((parts / SHARE_SCALE) * 10_000) / 10_000

/** The projector keeps credits for the default lookback and half-life; other settings are computed on request. */
export function isPrecomputed(options: AttributionOptions): boolean {
  return (
    options.lookbackDays === defaultAttributionOptions.lookbackDays &&
    options.halfLifeDays === defaultAttributionOptions.halfLifeDays
  )
}

/**
 * Pipeline (deals created in the window) and revenue (deals won in it) credited to campaigns under one model. Each
 * deal's credits are whole cents that sum to its amount, so campaign totals plus the unattributed remainder equal the
 * amounts of the deals exactly.
 */
export async function revenueByCampaign(
  clickhouse: ClickHouse,
  query: RevenueByCampaignQuery,
  /** `live` recomputes even what the projector keeps: the reference the precomputed credits are checked against. */
  source: 'auto' | 'live' = 'auto',
): Promise<RevenueByCampaign> {
  const precomputed = source === 'auto' && isPrecomputed(query)
  const [tallies, costs, campaigns] = await Promise.all([
    precomputed ? precomputedTallies(clickhouse, query.model, query) : liveTallies(clickhouse, query.model, query, query),
    loadCampaignCosts(clickhouse, query),
    loadCampaigns(clickhouse),
  ])
  return report(tallies, costs, campaigns)
}

function report(
  tallies: Tallies,
  costs: Map<string, number>,
  campaigns: Map<string, { name: string; channel: string }>,
): RevenueByCampaign {
  const campaignIds = new Set([...tallies.campaigns.keys(), ...costs.keys()])
  const rows = [...campaignIds].map((campaignId): CampaignRevenue => {
    // Campaigns that spent in the window but earned nothing still belong in an ROI report.
    const tally = tallies.campaigns.get(campaignId) ?? { pipelineCents: 0, revenueCents: 0, createdParts: 0, wonParts: 0, channel: '' }
    const info = campaigns.get(campaignId)
    const costCents = costs.get(campaignId) ?? 0
    return {
      campaignId,
      campaignName: info?.name || null,
      channel: info?.channel || tally.channel || null,
      pipeline: fromCents(tally.pipelineCents),
      revenue: fromCents(tally.revenueCents),
      dealsCreated: deals(tally.createdParts),
      dealsWon: deals(tally.wonParts),
      cost: fromCents(costCents),
      roi: roiOf(tally.revenueCents, costCents),
    }
  })
  rows.sort((a, b) => b.revenue - a.revenue || b.pipeline - a.pipeline || a.campaignId.localeCompare(b.campaignId))

  const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0)
  const pipelineCents = sum([...tallies.campaigns.values()].map((tally) => tally.pipelineCents))
  const revenueCents = sum([...tallies.campaigns.values()].map((tally) => tally.revenueCents))
  const costCents = sum(costs.values())
  const { unattributed } = tallies
  return {
    rows,
    totals: {
      pipeline: fromCents(pipelineCents),
      revenue: fromCents(revenueCents),
      dealsCreated: tallies.dealsCreated - unattributed.dealsCreated,
      dealsWon: tallies.dealsWon - unattributed.dealsWon,
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
