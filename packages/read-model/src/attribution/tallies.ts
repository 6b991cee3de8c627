import type { TrainingInfo } from '../credits/trainingInfo.ts'

/** What one campaign (or channel) earned in a window, in exact integers: cents, and deal shares in parts of SHARE_SCALE. */
export interface CampaignTally {
  pipelineCents: number
  revenueCents: number
  createdParts: number
  wonParts: number
  /** The smallest channel among its credited touches: a stable fallback when the campaign itself names none. */
  channel: string
}

export interface Tallies {
  /** By campaign id, or by channel at channel level. */
  campaigns: Map<string, CampaignTally>
  dealsCreated: number
  dealsWon: number
  unattributed: { pipelineCents: number; revenueCents: number; dealsCreated: number; dealsWon: number }
  /** Data-driven models only. */
  training?: TrainingInfo
  /** Under the primary_contact mapping: deals of the window naming no primary contact, whose journeys are all their contacts'. */
  dealsWithoutPrimaryContact?: number
}

export function emptyTallies(): Tallies {
  return { campaigns: new Map(), dealsCreated: 0, dealsWon: 0, unattributed: { pipelineCents: 0, revenueCents: 0, dealsCreated: 0, dealsWon: 0 } }
}

export function tallyOf(tallies: Tallies, campaignId: string, channel: string): CampaignTally {
  let tally = tallies.campaigns.get(campaignId)
  if (!tally) {
    tally = { pipelineCents: 0, revenueCents: 0, createdParts: 0, wonParts: 0, channel }
    tallies.campaigns.set(campaignId, tally)
  } else if (channel < tally.channel) {
    tally.channel = channel
  }
  return tally
}
