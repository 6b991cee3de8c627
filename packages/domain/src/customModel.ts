import type { AttributionOptions } from './attributionModel.ts'
import type { DealTimes, JourneyTouch } from './journey.ts'
import { journeyUntil } from './journey.ts'
import { milestonesOf } from './milestones.ts'
import { positionBasedWeights, type SlotWeights } from './positionBased.ts'
import type { WeightedTouch } from './weigh.ts'

/**
 * The deal's journey under a custom position-based model (weights from `parseCustomWeights`), each touch with its
 * weight; empty when no touch falls in the window. The same rules as U, W and full path (`positionBasedWeights`):
 * middle touches, redistribution of untaken positions, several milestones on one touch.
 *
 * The journey runs on to the win, as full path's does, when the model weighs CW: otherwise the touches that closed
 * the deal could never earn their share. Without a CW weight it ends at the deal's creation like every other model.
 */
export function weighCustom(
  weights: SlotWeights,
  deal: DealTimes,
  touches: readonly JourneyTouch[],
  options: AttributionOptions,
): WeightedTouch[] {
  const journey = journeyUntil((weights.CW ?? 0) > 0 ? 'win' : 'creation', deal, touches, options)
  if (journey.length === 0) return []
  const milestones = milestonesOf(journey, deal)
  const touchWeights = positionBasedWeights(weights, milestones)
  return journey.map((touch, index) => ({
    touch,
    milestones: milestones[index] ?? [],
    weight: touchWeights[index] ?? 0,
  }))
}
