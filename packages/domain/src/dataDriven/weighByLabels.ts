import type { AttributionOptions } from '../attributionModel.ts'
import type { DealTimes, JourneyTouch } from '../journey.ts'
import { journeyUntil } from '../journey.ts'
import { milestonesOf } from '../milestones.ts'
import type { WeightedTouch } from '../weigh.ts'
import { labelOf, type AttributionLevel } from './attributionLevel.ts'

/**
 * The deal's journey (ending at its creation, like every model but full path) with weights from a data-driven
 * model, which sees only the journey's labels at `level`:
 *
 *   weighByLabels((labels) => markovCredits(markov.shares, labels), 'channel', deal, touches, options)
 *
 * Empty when no touch falls in the window.
 */
export function weighByLabels(
  creditsOf: (journeyLabels: readonly string[]) => number[],
  level: AttributionLevel,
  deal: DealTimes,
  touches: readonly JourneyTouch[],
  options: AttributionOptions,
): WeightedTouch[] {
  const journey = journeyUntil('creation', deal, touches, options)
  if (journey.length === 0) return []
  const milestones = milestonesOf(journey, deal)
  const weights = creditsOf(journey.map((touch) => labelOf(touch, level)))
  return journey.map((touch, index) => ({ touch, milestones: milestones[index] ?? [], weight: weights[index] ?? 0 }))
}
