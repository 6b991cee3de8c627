import type { Event } from '@attribution/contracts'
import { accountDrafts } from './accountHistory.ts'
import { CampaignCatalog, planCampaigns } from './campaignCatalog.ts'
import { campaignDrafts } from './campaignEvents.ts'
import { channels, isPaid } from './channels.ts'
import { SECOND, type Window } from './clock.ts'
import { toEvents } from './draft.ts'
import { Random } from './random.ts'

export interface SimulationOptions {
  /** Same seed and options, same events, byte for byte. Default 42. */
  seed?: number
  /** How many companies engage. Default 200. */
  accounts?: number
  /** Inclusive start of business time. Default: 18 months before `end`. */
  start?: Date
  /** Exclusive end of business time. Default 2026-10-01T00:00:00Z, so the history ends on 2026-09-30. */
  end?: Date
  /** The reporting currency every amount is in. Default 'USD'. */
  currency?: string
}

const defaultEnd = Date.UTC(2026, 9, 1)
const windowMonths = 18
const defaultWindowLength = defaultEnd - addMonths(defaultEnd, -windowMonths)

/**
 * Marketing spend per account over the whole window (in the reporting currency), chosen so total spend comes to
 * roughly a third of closed-won revenue, a plausible ratio for B2B marketing.
 */
const spendPerAccount = 1_500

/**
 * A realistic B2B history: campaigns and their spend first, then one account at a time (its people, their touches,
 * handoffs, deals) in time order within the account. Streaming by account keeps memory flat at any size; iterating the
 * result again replays the same events.
 */
export function simulate(options: SimulationOptions = {}): Iterable<Event> {
  const run = resolve(options)
  return { [Symbol.iterator]: () => generate(run) }
}

/** Roughly how many events `simulate` yields for this many accounts over the default window, for progress bars. */
export function estimateEvents(accounts: number): number {
  const campaigns = campaignCount(accounts)
  // Each always-on paid campaign books a cost every month; a dated campaign books about 2.7 on average (measured).
  const alwaysOnPaid = channels.filter(isPaid).length
  const costs = accounts === 0 ? 0 : alwaysOnPaid * windowMonths + (campaigns - channels.length) * 2.7
  // About 30.5 events per account (measured over 20,000 accounts).
  return Math.round(campaigns + costs + accounts * 30.5)
}

interface Run {
  seed: number
  accounts: number
  window: Window
  currency: string
}

function* generate({ seed, accounts, window, currency }: Run): Generator<Event> {
  // Stream 0 plans the campaigns; account i draws from stream i + 1, so it is the same whatever the account count.
  const rng = new Random(seed, 0)
  const campaigns = planCampaigns(campaignCount(accounts), window, rng)
  const budget = spendPerAccount * accounts * ((window.end - window.start) / defaultWindowLength)
  yield* toEvents(campaignDrafts(campaigns, window, budget, currency, rng), `sim-${seed}-c`, window.end)

  const setting = { window, catalog: new CampaignCatalog(campaigns, window), currency }
  for (let index = 0; index < accounts; index++) {
    yield* toEvents(accountDrafts(index, setting, new Random(seed, index + 1)), `sim-${seed}-a${index}`, window.end)
  }
}

/** A few hundred campaigns: enough variety for small runs, capped because real teams do not run thousands. */
function campaignCount(accounts: number): number {
  return Math.min(300, 20 + accounts)
}

function resolve(options: SimulationOptions): Run {
  const seed = options.seed ?? 42
  const accounts = options.accounts ?? 200
  const currency = options.currency ?? 'USD'
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`)
  if (!Number.isSafeInteger(accounts) || accounts < 0) {
    throw new RangeError(`accounts must be a non-negative integer, got ${accounts}`)
  }
  if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError(`currency must be a 3-letter ISO 4217 code, got ${currency}`)

  const startGiven = options.start?.getTime()
  const end = options.end?.getTime() ?? (startGiven === undefined ? defaultEnd : addMonths(startGiven, windowMonths))
  const start = startGiven ?? addMonths(end, -windowMonths)
  if (Number.isNaN(start) || Number.isNaN(end)) throw new RangeError('start and end must be valid dates')
  // Whole seconds, since event times are printed to the second: nothing may round to before the start.
  const window = { start: Math.ceil(start / SECOND) * SECOND, end: Math.floor(end / SECOND) * SECOND }
  if (window.start >= window.end) throw new RangeError('start must be before end')
  return { seed, accounts, window, currency }
}

function addMonths(ms: number, months: number): number {
  const date = new Date(ms)
  date.setUTCMonth(date.getUTCMonth() + months)
  return date.getTime()
}
