import { type DatedChannel, alwaysOnNames, campaignName } from './campaignNames.ts'
import { type Channel, channels } from './channels.ts'
import { DAY, type Window } from './clock.ts'
import { type Random, type Weighted, weighted } from './random.ts'

export interface Campaign {
  id: string
  channel: Channel
  name: string
  /** When the campaign runs, [startsAt, endsAt); touches only come from campaigns that are running. */
  startsAt: number
  endsAt: number
  /** How strongly it draws touches (and spend) relative to its channel's other campaigns. */
  popularity: number
  alwaysOn: boolean
}

// How the dated campaigns spread over channels; direct traffic has no campaigns besides its always-on bucket.
const channelShares = weighted<DatedChannel>([
  ['paid_search', 12],
  ['paid_social', 14],
  ['display', 8],
  ['organic', 5],
  ['email', 20],
  ['webinar', 14],
  ['events', 10],
  ['content_syndication', 7],
  ['partner', 6],
])

/** How long a dated campaign of each channel runs, in days (a webinar's promotion is weeks, an SEO hub a year). */
const durationDays: Record<DatedChannel, readonly [number, number]> = {
  paid_search: [30, 270],
  paid_social: [30, 180],
  display: [30, 120],
  organic: [90, 365],
  email: [20, 45],
  webinar: [21, 35],
  events: [14, 45],
  content_syndication: [60, 120],
  partner: [90, 365],
}

/** Organic search and direct traffic are mostly not campaign-driven, so their always-on bucket takes most touches. */
const alwaysOnPopularity: Partial<Record<Channel, number>> = { organic: 6, direct: 1 }

/** One always-on campaign per channel, then dated campaigns up to `count`, some of which began before the window. */
export function planCampaigns(count: number, window: Window, rng: Random): Campaign[] {
  const campaigns: Campaign[] = channels.map((channel, index) => ({
    id: campaignId(index),
    channel,
    name: alwaysOnNames[channel],
    startsAt: window.start,
    endsAt: window.end,
    popularity: alwaysOnPopularity[channel] ?? 1.5,
    alwaysOn: true,
  }))
  const names = new Set(campaigns.map(({ name }) => name))
  for (let index = campaigns.length; index < count; index++) {
    const channel = rng.choose(channelShares)
    const [shortest, longest] = durationDays[channel]
    const startsAt = Math.floor(rng.between(window.start - 60 * DAY, window.end - 14 * DAY) / DAY) * DAY
    const name = uniqueName(campaignName(channel, startsAt, rng), names)
    campaigns.push({
      id: campaignId(index),
      channel,
      name,
      startsAt,
      endsAt: startsAt + rng.int(shortest, longest) * DAY,
      popularity: rng.logNormal(1, 0.7),
      alwaysOn: false,
    })
  }
  return campaigns
}

const bucketSpan = 30 * DAY

/**
 * Finds a running campaign of a channel for a touch. Campaigns are bucketed by 30-day slice so a draw only considers
 * campaigns that overlap the touch's slice; a draw that hits one not running at that exact moment is retried a few
 * times before the touch falls back to the channel's always-on campaign.
 */
export class CampaignCatalog {
  private readonly buckets = new Map<Channel, Weighted<Campaign>[]>()
  private readonly alwaysOn = new Map<Channel, Campaign>()

  constructor(
    campaigns: readonly Campaign[],
    private readonly window: Window,
  ) {
    const sliceCount = Math.max(1, Math.ceil((window.end - window.start) / bucketSpan))
    for (const channel of channels) {
      const own = campaigns.filter((campaign) => campaign.channel === channel)
      const fallback = own.find((campaign) => campaign.alwaysOn)
      if (fallback === undefined) throw new Error(`no always-on campaign for channel ${channel}`)
      this.alwaysOn.set(channel, fallback)
      const slices: Weighted<Campaign>[] = []
      for (let slice = 0; slice < sliceCount; slice++) {
        const from = window.start + slice * bucketSpan
        const running = own.filter((campaign) => campaign.startsAt < from + bucketSpan && campaign.endsAt > from)
        slices.push(weighted(running.map((campaign) => [campaign, campaign.popularity] as const)))
      }
      this.buckets.set(channel, slices)
    }
  }

  pick(channel: Channel, at: number, rng: Random): Campaign {
    const slices = this.buckets.get(channel) ?? []
    const slice = Math.min(slices.length - 1, Math.max(0, Math.floor((at - this.window.start) / bucketSpan)))
    const table = slices[slice]
    if (table !== undefined) {
      for (let attempt = 0; attempt < 4; attempt++) {
        const campaign = rng.choose(table)
        if (campaign.startsAt <= at && at < campaign.endsAt) return campaign
      }
    }
    const fallback = this.alwaysOn.get(channel)
    if (fallback === undefined) throw new Error(`no always-on campaign for channel ${channel}`)
    return fallback
  }
}

function campaignId(index: number): string {
  return `cmp-${String(index + 1).padStart(4, '0')}`
}

function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name
  for (let suffix = 2; taken.has(candidate); suffix++) candidate = `${name} #${suffix}`
  taken.add(candidate)
  return candidate
}
