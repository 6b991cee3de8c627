import type { Channel } from './channels.ts'
import type { Random } from './random.ts'

/** Every channel but direct traffic, which has no campaigns of its own beyond the always-on bucket. */
export type DatedChannel = Exclude<Channel, 'direct'>

/** Campaign names in the shape marketing teams give them: platform, theme, audience or place, and when. */
export function campaignName(channel: DatedChannel, startsAt: number, rng: Random): string {
  const date = new Date(startsAt)
  const year = date.getUTCFullYear()
  const quarter = `Q${Math.floor(date.getUTCMonth() / 3) + 1} ${year}`
  const month = `${monthNames[date.getUTCMonth()]} ${year}`
  switch (channel) {
    case 'paid_search':
      const engine = rng.chance(0.8) ? 'Google Ads' : 'Microsoft Ads'
      return `${engine} – ${rng.pick(searchThemes)} – ${rng.pick(regions)} – ${quarter}`
    case 'paid_social':
      return `${rng.chance(0.85) ? 'LinkedIn' : 'Meta'} – ${rng.pick(audiences)} – ${quarter}`
    case 'display':
      return `${rng.pick(['Programmatic', 'Retargeting', 'ABM display'])} – ${rng.pick(searchThemes)} – ${quarter}`
    case 'organic':
      return `SEO – ${rng.pick(topics)} content hub – ${quarter}`
    case 'email':
      return rng.pick([
        `Newsletter – ${month}`,
        `Product update – ${month}`,
        `Nurture – ${rng.pick(audiences)} track – ${quarter}`,
        `Promo – ${rng.pick(['ROI calculator', 'Attribution report', 'Free trial'])} – ${month}`,
      ])
    case 'webinar':
      return `Webinar – ${rng.pick(webinarTitles)} – ${month}`
    case 'events':
      return rng.chance(0.5)
        ? `${rng.pick(conferences)} ${year}`
        : `${rng.pick(['Field dinner', 'Roadshow', 'Executive breakfast'])} – ${rng.pick(cities)} – ${month}`
    case 'content_syndication':
      return `${rng.pick(syndicationVendors)} – ${rng.pick(topics)} guide – ${quarter}`
    case 'partner':
      return `Partner – ${rng.pick(partners)} co-marketing – ${quarter}`
  }
}

/** The one campaign per channel that runs the whole period and catches touches no dated campaign explains. */
export const alwaysOnNames: Record<Channel, string> = {
  paid_search: 'Google Ads – Brand – Global (always on)',
  paid_social: 'LinkedIn – Retargeting (always on)',
  display: 'Display – Retargeting (always on)',
  organic: 'Organic search',
  email: 'Email – Lifecycle nurture (always on)',
  webinar: 'Webinars – On-demand library',
  events: 'Events – Customer meetups',
  content_syndication: 'Content syndication – Evergreen',
  partner: 'Partner referrals',
  direct: 'Direct traffic',
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const
const regions = ['NA', 'EMEA', 'APAC', 'LATAM', 'Global'] as const
const searchThemes = [
  'Brand',
  'Competitor',
  'Attribution software',
  'Revenue analytics',
  'Marketing ROI',
  'Lead scoring',
] as const
const audiences = ['CMOs', 'Demand gen managers', 'RevOps leaders', 'Sales leaders', 'Customer lookalikes'] as const
const topics = ['Attribution', 'Lead scoring', 'RevOps', 'ABM', 'Funnel metrics', 'Marketing ROI'] as const
const webinarTitles = [
  'Attribution models compared',
  'Closing the loop with sales',
  'RevOps office hours',
  'Benchmarks 2026',
] as const
const conferences = ['RevOps Summit', 'B2B Marketing Forum', 'Pipeline Con', 'SaaS Growth Expo', 'CMO Roundtable']
const cities = ['New York', 'Chicago', 'London', 'Berlin', 'Amsterdam', 'Sydney', 'Singapore', 'São Paulo'] as const
const syndicationVendors = ['IntentWave', 'B2B Reach Network', 'LeadLoop', 'InsightSyndicate'] as const
const partners = ['CloudCRM', 'DataPipe', 'Northstar Consulting', 'Metricly'] as const
