import { milestones as allMilestones, type Milestone } from './milestones.ts'

/**
 * How much of a deal each position of a journey earns, in percent: a milestone's touch, or the middle touches
 * together. Positions left out earn nothing. Weights are relative (divided by their sum), so they need not hit 100
 * exactly, but every model in this package is written in percent summing to 100.
 */
export type SlotWeights = Partial<Record<Milestone | 'middle', number>>

/**
 * The weight of each touch (summing to 1) under a position-based model, given the milestones each touch holds
 * (`milestonesOf`: each milestone on one touch at most).
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
  const weighted = weightedMilestones(slots)
  const held = milestones.map((touch) => weighted.filter((milestone) => touch.includes(milestone)))
  const middleTouches = held.filter((touch) => touch.length === 0).length
  const taken = new Set(held.flat())
  if (taken.size < held.flat().length) throw new RangeError(`a milestone is held by one touch at most: ${JSON.stringify(milestones)}`)
  const shares = positionShares(slots, taken, middleTouches > 0)
  // Only a custom model weighting nothing but absent positions gets here (e.g. CW alone on an open deal): with no
  // position to hand the weight to, every touch is treated alike rather than leaving the deal unattributed.
  if (shares === undefined) return held.map(() => 1 / held.length)
  return held.map((touch) => (touch.length === 0 ? middleTouchWeight(shares, middleTouches, total) : heldTouchWeight(shares, touch, total)))
}

/** The milestones a model weighs, in milestone order. */
export const weightedMilestones = (slots: SlotWeights): Milestone[] => allMilestones.filter((milestone) => (slots[milestone] ?? 0) > 0)

/** What a position earns once the weight of positions nobody takes is handed out: its own, plus its part of theirs. */
export type PositionShares = Partial<Record<Milestone | 'middle', number>>

/**
 * The share of each position a journey's touches take: the weighted milestones some touch holds (`held`), and the
 * middle when weighted and some touch is a middle touch. Undefined when no position is taken. Journeys with the same
 * taken positions share these, whatever their length: what makes weighing per journey layout cheap (milestoneTallies).
 */
export function positionShares(slots: SlotWeights, held: ReadonlySet<Milestone>, middleTaken: boolean): PositionShares | undefined {
  const positions = [
    ...weightedMilestones(slots).map((slot) => ({ slot, weight: slots[slot] ?? 0, taken: held.has(slot) })),
    { slot: 'middle' as const, weight: slots.middle ?? 0, taken: middleTaken },
  ].filter((position) => position.weight > 0)
  const taken = positions.filter((position) => position.taken)
  if (taken.length === 0) return undefined
  const untakenWeight = positions.filter((position) => !position.taken).reduce((sum, position) => sum + position.weight, 0)
  return Object.fromEntries(taken.map(({ slot, weight }) => [slot, weight + untakenWeight / taken.length]))
}

/** The weight of a touch holding these weighted milestones (each held by it alone), in milestone order. */
export function heldTouchWeight(shares: PositionShares, held: readonly Milestone[], total: number): number {
  return held.reduce((weight, milestone) => weight + (shares[milestone] ?? 0) / total, 0)
}

/** The weight of each middle touch: the middle's share in equal parts (nothing when the model does not weigh it). */
export function middleTouchWeight(shares: PositionShares, middleTouches: number, total: number): number {
  return (shares.middle ?? 0) / middleTouches / total
}

/** The sum of the slot weights, once they are checked: what every share is divided by. */
export function checkedTotal(slots: SlotWeights): number {
  const weights = Object.values(slots)
  if (weights.some((weight) => !(Number.isFinite(weight) && weight >= 0))) {
    throw new RangeError(`slot weights must be finite and non-negative: ${JSON.stringify(slots)}`)
  }
  const total = weights.reduce((sum, weight) => sum + weight, 0)
  if (total <= 0) throw new RangeError(`slot weights must not all be zero: ${JSON.stringify(slots)}`)
  return total
}
