import { milestones as allMilestones, type Milestone } from './milestones.ts'

/**
 * How much of a deal each position of a journey earns, in percent: a milestone's touch, or the middle touches
 * together. Positions left out earn nothing. Weights are relative (divided by their sum), so they need not hit 100
 * exactly, but every model in this package is written in percent summing to 100.
 */
export type SlotWeights = Partial<Record<Milestone | 'middle', number>>

/**
 * The weight of each touch (summing to 1) under a position-based model, given the milestones each touch holds
 * (`milestonesOf`).
 *
 * - Middle touches are those holding none of the milestones the model weights: in U-shaped, which ignores OC, the
 *   OC touch is a middle touch unless it is also FT or LC.
 * - A position with no touch to take it (no LC, the CW of an open deal, no middle touches) hands its weight out in
 *   equal parts to the weighted positions that do have a touch, so the deal is always fully credited.
 * - A touch holding several positions gets the sum of their weights; the middle weight is split evenly among the
 *   middle touches.
 */
export function positionBasedWeights(slots: SlotWeights, milestones: readonly (readonly Milestone[])[]): number[] {
  const total = checkedTotal(slots)
  const touches = milestones.map((_, index) => index)
  const weighted = allMilestones.filter((milestone) => (slots[milestone] ?? 0) > 0)
  const positions = [
    ...weighted.map((milestone) => ({
      weight: slots[milestone] ?? 0,
      touches: touches.filter((index) => milestones[index]?.includes(milestone)),
    })),
    {
      weight: slots.middle ?? 0,
      touches: touches.filter((index) => !milestones[index]?.some((milestone) => weighted.includes(milestone))),
    },
  ].filter((position) => position.weight > 0)

  const taken = positions.filter((position) => position.touches.length > 0)
  // Only a custom model weighting nothing but absent positions gets here (e.g. CW alone on an open deal): with no
  // position to hand the weight to, every touch is treated alike rather than leaving the deal unattributed.
  if (taken.length === 0) return touches.map(() => 1 / touches.length)

  const untakenWeight = positions
    .filter((position) => position.touches.length === 0)
    .reduce((sum, position) => sum + position.weight, 0)
  const weights = touches.map(() => 0)
  for (const position of taken) {
    const perTouch = (position.weight + untakenWeight / taken.length) / position.touches.length / total
    for (const index of position.touches) weights[index] = (weights[index] ?? 0) + perTouch
  }
  return weights
}

function checkedTotal(slots: SlotWeights): number {
  const weights = Object.values(slots)
  if (weights.some((weight) => !(Number.isFinite(weight) && weight >= 0))) {
    throw new RangeError(`slot weights must be finite and non-negative: ${JSON.stringify(slots)}`)
  }
  const total = weights.reduce((sum, weight) => sum + weight, 0)
  if (total <= 0) throw new RangeError(`slot weights must not all be zero: ${JSON.stringify(slots)}`)
  return total
}
