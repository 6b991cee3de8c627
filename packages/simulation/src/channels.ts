/** The marketing channels every campaign belongs to (DOMAIN.md: "about ten channels"). */
export const channels = [
  'paid_search',
  'paid_social',
  'display',
  'organic',
  'email',
  'webinar',
  'events',
  'content_syndication',
  'partner',
  'direct',
] as const

export type Channel = (typeof channels)[number]

/**
 * The channels that cost money per period, with the relative monthly spend of a typical campaign (a trade-show booth
 * costs more than a webinar). Channels not listed are owned media and record no cost.
 */
export const monthlySpendWeight: Partial<Record<Channel, number>> = {
  paid_search: 1,
  paid_social: 0.8,
  display: 0.5,
  webinar: 0.3,
  events: 1.5,
  content_syndication: 0.7,
  partner: 0.4,
}

export function isPaid(channel: Channel): boolean {
  return monthlySpendWeight[channel] !== undefined
}
