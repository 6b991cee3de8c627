import type { AttributionModel, AttributionOptions } from './attributionModel.ts'
import { journeyOf, type DealTimes, type JourneyTouch } from './journey.ts'
import { milestonesOf, type Milestone } from './milestones.ts'
import { positionBasedWeights, type SlotWeights } from './positionBased.ts'
import { timeDecayWeights } from './timeDecay.ts'

/** A journey touch with the milestones it holds and its fraction of the deal; a journey's weights sum to 1. */
export interface WeightedTouch {
  touch: JourneyTouch
  milestones: Milestone[]
  weight: number
}

type Weigher = (journey: JourneyTouch[], milestones: Milestone[][], options: AttributionOptions) => number[]

const positionBased =
  (slots: SlotWeights): Weigher =>
  (_journey, milestones) =>
    positionBasedWeights(slots, milestones)

const weigherOf: Record<AttributionModel, Weigher> = {
  first_touch: positionBased({ FT: 100 }),
  // The journey ends at the deal's creation, so its last touch is the OC touch.
  last_touch: positionBased({ OC: 100 }),
  // No milestone is weighted, so every touch is a middle touch and they share the deal equally.
  linear: positionBased({ middle: 100 }),
  u_shaped: positionBased({ FT: 40, LC: 40, middle: 20 }),
  w_shaped: positionBased({ FT: 30, LC: 30, OC: 30, middle: 10 }),
  full_path: positionBased({ FT: 22.5, LC: 22.5, OC: 22.5, CW: 22.5, middle: 10 }),
  time_decay: (journey, _milestones, options) => timeDecayWeights(journey, options.halfLifeDays),
}

/** The deal's journey under `model`, each touch with its weight. Empty when no touch falls in the window. */
export function weigh(
  model: AttributionModel,
  deal: DealTimes,
  touches: readonly JourneyTouch[],
  options: AttributionOptions,
): WeightedTouch[] {
  const journey = journeyOf(model, deal, touches, options)
  if (journey.length === 0) return []
  const milestones = milestonesOf(journey, deal)
  const weights = weigherOf[model](journey, milestones, options)
  return journey.map((touch, index) => ({ touch, milestones: milestones[index] ?? [], weight: weights[index] ?? 0 }))
}
