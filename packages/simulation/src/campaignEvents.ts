import type { Campaign } from './campaignCatalog.ts'
import { isPaid, monthlySpendWeight } from './channels.ts'
import { DAY, SECOND, type Window, toIso } from './clock.ts'
import type { Draft } from './draft.ts'
import type { Random } from './random.ts'

/**
 * Each campaign's `campaign.updated` (when it was set up, at the earliest the window's start) and, for paid channels,
 * one `campaign.cost.recorded` per calendar month it ran. The spend is shared out of `budget` so the total scales with
 * the number of accounts, keeping cost and attributed revenue in a believable ratio at any size.
 */
export function campaignDrafts(
  campaigns: readonly Campaign[],
  window: Window,
  budget: number,
  currency: string,
  rng: Random,
): Draft[] {
  const drafts: Draft[] = campaigns.map((campaign) => ({
    at: campaign.alwaysOn ? window.start : Math.max(window.start, campaign.startsAt - rng.int(1, 14) * DAY),
    source: 'crm',
    type: 'campaign.updated',
    data: {
      campaignId: campaign.id,
      name: campaign.name,
      channel: campaign.channel,
      attributes: {
        startsOn: toIso(campaign.startsAt).slice(0, 10),
        endsOn: toIso(campaign.endsAt - DAY).slice(0, 10),
        paid: isPaid(campaign.channel),
        alwaysOn: campaign.alwaysOn,
      },
    },
  }))

  const periods = campaigns.flatMap((campaign) => spendPeriods(campaign, window, rng))
  const totalWeight = periods.reduce((sum, period) => sum + period.weight, 0)
  for (const period of periods) {
    const cents = Math.round((budget * 100 * period.weight) / totalWeight)
    if (cents === 0) continue
    drafts.push({
      // Spend is booked when the period closes.
      at: Math.min(period.end, window.end - SECOND),
      source: 'ad-spend',
      type: 'campaign.cost.recorded',
      data: {
        campaignId: period.campaign.id,
        amount: cents / 100,
        currency,
        periodStart: toIso(period.start),
        periodEnd: toIso(period.end),
      },
    })
  }
  return drafts
}

interface SpendPeriod {
  campaign: Campaign
  start: number
  end: number
  weight: number
}

/** The calendar months (clipped to the campaign and the window) a paid campaign spent money in. */
function spendPeriods(campaign: Campaign, window: Window, rng: Random): SpendPeriod[] {
  const channelWeight = monthlySpendWeight[campaign.channel]
  if (channelWeight === undefined) return []
  const periods: SpendPeriod[] = []
  const last = Math.min(campaign.endsAt, window.end)
  for (let start = Math.max(campaign.startsAt, window.start); start < last; ) {
    const date = new Date(start)
    const end = Math.min(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1), last)
    const share = (end - start) / (30 * DAY)
    periods.push({ campaign, start, end, weight: channelWeight * campaign.popularity * share * rng.between(0.8, 1.2) })
    start = end
  }
  return periods
}
