import { msPerDay, type AttributionOptions, type DealTimes, type JourneyTouch } from '../src/index.ts'

// Builders shared by the unit tests: journeys are written as "touch b, a form fill 14 days before the deal".

export const createdAt = Date.UTC(2024, 5, 1)
export const openDeal: DealTimes = { createdAt }
/** Won 30 days after creation. */
export const wonDeal: DealTimes = { createdAt, wonAt: createdAt + 30 * msPerDay }
export const options: AttributionOptions = { lookbackDays: 365, halfLifeDays: 7 }

/**
 * A touch `daysBefore` days before the deal's creation (negative: after it). A form fill carries the person's id,
 * other touches are anonymous unless said otherwise.
 */
export function touch(
  touchId: string,
  daysBefore: number,
  touchType = 'ad_click',
  identified = touchType === 'form_fill',
): JourneyTouch {
  return {
    touchId,
    occurredAt: createdAt - daysBefore * msPerDay,
    campaignId: `campaign-${touchId}`,
    channel: touchType === 'ad_click' ? 'paid_search' : 'web',
    touchType,
    identified,
  }
}
