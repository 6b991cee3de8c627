import type { AttributionModel, AttributionOptions } from './attributionModel.ts'
import { creditWeighted } from './dealCredits.ts'
import type { DealTimes, JourneyTouch } from './journey.ts'
import type { Milestone } from './milestones.ts'
import { weigh } from './weigh.ts'

/** One touch's part of one deal under one model. */
export interface Credit {
  touchId: string
  campaignId: string
  channel: string
  milestones: Milestone[]
  /** Fraction of the deal (the touch's weight), for fractional deal counts. */
  share: number
  /** Integer cents; a deal's credits sum exactly to its amount. */
  cents: number
}

/**
 * Credits a deal's amount to the touches of its journey under `model`. Empty when no touch falls in the window, so
 * the caller can report the deal as unattributed.
 */
export function attribute(
  model: AttributionModel,
  deal: DealTimes,
  touches: readonly JourneyTouch[],
  amountCents: number,
  options: AttributionOptions,
): Credit[] {
  const weighted = weigh(model, deal, touches, options)
  // One allocator for every caller: these cents are the ones revenue-by-campaign sums.
  const credits = creditWeighted(weighted, { pipelineCents: amountCents, revenueCents: 0 })
  return weighted.map(({ touch, milestones, weight }, index) => ({
    touchId: touch.touchId,
    campaignId: touch.campaignId,
    channel: touch.channel,
    milestones,
    share: weight,
    cents: credits[index]?.pipelineCents ?? 0,
  }))
}
