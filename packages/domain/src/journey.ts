import type { AttributionModel, AttributionOptions } from './attributionModel.ts'

export interface JourneyTouch {
  /** Unique; breaks ties between touches at the same instant so the order never depends on input order. */
  touchId: string
  /** Business time in epoch milliseconds. */
  occurredAt: number
  campaignId: string
  channel: string
  /** 'form_fill', 'ad_click', 'page_view', ... */
  touchType: string
  /** The touch's own event carried a personId (it was not stitched to the person from an anonymous id later). */
  identified: boolean
}

/** The two moments of a deal the journey is measured against, in epoch milliseconds. */
export interface DealTimes {
  createdAt: number
  wonAt?: number
}

export const msPerDay = 86_400_000

/**
 * The touches of a deal's journey in journey order (occurredAt, then touchId).
 *
 * The window reaches back `lookbackDays` from the deal's creation and ends at the creation, both ends inclusive.
 * Only `full_path` looks further, up to the win: its CW milestone needs the touches that closed the deal.
 */
export function journeyOf(
  model: AttributionModel,
  deal: DealTimes,
  touches: readonly JourneyTouch[],
  options: AttributionOptions,
): JourneyTouch[] {
  if (!(options.lookbackDays >= 0)) throw new RangeError(`lookbackDays must be >= 0, got ${options.lookbackDays}`)
  const start = deal.createdAt - options.lookbackDays * msPerDay
  // Math.max: a deal recorded as won before its creation still gets at least the window every other model sees.
  const end = model === 'full_path' ? Math.max(deal.createdAt, deal.wonAt ?? deal.createdAt) : deal.createdAt
  return touches.filter((touch) => touch.occurredAt >= start && touch.occurredAt <= end).sort(inJourneyOrder)
}

function inJourneyOrder(a: JourneyTouch, b: JourneyTouch): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt - b.occurredAt
  // Code-unit comparison, not localeCompare: the order must not depend on the machine's locale.
  return a.touchId < b.touchId ? -1 : a.touchId > b.touchId ? 1 : 0
}
