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

/** The moments of a deal the journey is measured against, in epoch milliseconds. */
export interface DealTimes {
  createdAt: number
  wonAt?: number
  /**
   * The qualification that led to the deal: the latest time one of its people became an MQL (again) under the lead
   * definition in use, at or before the journey's end. Absent when none did.
   */
  mqlAt?: number
}

export const msPerDay = 86_400_000

/**
 * Where a journey ends: at the deal's creation, as for every built-in model but full path, or at its win, for a
 * model that weighs the touch that closed the deal (full path, a custom model with a CW weight).
 */
export type JourneyEnd = 'creation' | 'win'

/**
 * The touches of a deal's journey in journey order (occurredAt, then touchId).
 *
 * The window reaches back `lookbackDays` from the deal's creation and ends at the creation or, for `win`, at the
 * win, both ends inclusive.
 */
export function journeyUntil(
  end: JourneyEnd,
  deal: DealTimes,
  touches: readonly JourneyTouch[],
  options: AttributionOptions,
): JourneyTouch[] {
  if (!(options.lookbackDays >= 0)) throw new RangeError(`lookbackDays must be >= 0, got ${options.lookbackDays}`)
  const start = deal.createdAt - options.lookbackDays * msPerDay
  const last = end === 'win' ? winJourneyEnd(deal) : deal.createdAt
  return touches.filter((touch) => touch.occurredAt >= start && touch.occurredAt <= last).sort(inJourneyOrder)
}

/**
 * Where a journey run on to the win ends: the win, or the creation while the deal is open. Never before the creation: a
 * deal recorded as won before its creation still gets at least the window every other model sees.
 */
export const winJourneyEnd = (deal: DealTimes): number => Math.max(deal.createdAt, deal.wonAt ?? deal.createdAt)

/** The journey a built-in model credits: only `full_path` runs on to the win, for its CW milestone. */
export function journeyOf(
  model: AttributionModel,
  deal: DealTimes,
  touches: readonly JourneyTouch[],
  options: AttributionOptions,
): JourneyTouch[] {
  return journeyUntil(model === 'full_path' ? 'win' : 'creation', deal, touches, options)
}

function inJourneyOrder(a: JourneyTouch, b: JourneyTouch): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt - b.occurredAt
  // Code-unit comparison, not localeCompare: the order must not depend on the machine's locale.
  return a.touchId < b.touchId ? -1 : a.touchId > b.touchId ? 1 : 0
}
