import type { Random } from './random.ts'

/** Site paths a touch can carry as `content`; intent pages (/pricing, /demo) are what modern lead scoring weighs. */
const blogPosts = [
  'multi-touch-attribution-explained',
  'mql-vs-sql',
  'lead-scoring-that-sales-trusts',
  'revops-playbook',
  'b2b-funnel-benchmarks',
  'proving-marketing-roi',
  'account-based-marketing-basics',
  'sales-handoff-sla',
  'pipeline-forecasting',
  'data-driven-attribution',
  'first-touch-vs-last-touch',
  'campaign-reporting-in-clickhouse',
] as const

const resources = [
  'state-of-b2b-attribution-2026',
  'lead-definition-template',
  'revops-maturity-model',
  'abm-playbook',
  'marketing-roi-calculator',
] as const

const productPages = ['/product/attribution', '/product/funnel', '/product/integrations', '/customers', '/security']
const landingTopics = ['attribution-software', 'revenue-analytics', 'marketing-roi', 'lead-scoring'] as const
const webinarTopics = ['attribution-models-compared', 'closing-the-loop-with-sales', 'revops-office-hours'] as const

/** A page someone views; `progress` (0..1 through their journey) raises the chance of buying-intent pages. */
export function pagePath(rng: Random, progress: number): string {
  const roll = rng.next()
  if (roll < 0.04 + 0.22 * progress) return '/pricing'
  if (roll < 0.06 + 0.3 * progress) return '/demo'
  if (roll < 0.3 + 0.3 * progress) return rng.pick(productPages)
  return `/blog/${rng.pick(blogPosts)}`
}

export function landingPage(rng: Random): string {
  return `/lp/${rng.pick(landingTopics)}`
}

export function gatedResource(rng: Random): string {
  return `/resources/${rng.pick(resources)}`
}

export function webinarPage(rng: Random): string {
  return `/webinars/${rng.pick(webinarTopics)}`
}

/** Paths that signal someone wants to buy, not just read. */
export function isBuyingIntent(content: string | undefined): boolean {
  return content === '/pricing' || content === '/demo' || content === '/contact-sales' || content === '/free-trial'
}
