import type { AttributionOptions } from './attributionModel.ts'
import { journeyUntil, type DealTimes, type JourneyTouch } from './journey.ts'
import { milestonesOf, type Milestone } from './milestones.ts'

/**
 * The milestones a custom model can be answered for from kept journeys, each as a bit. The MQL has none: where it sits
 * depends on the lead definition each question uses, so a model weighing it is computed from the facts.
 */
export const milestoneBits = { FT: 1, LC: 2, OC: 4, CW: 8 } as const satisfies Partial<Record<Milestone, number>>

export type KeptMilestone = keyof typeof milestoneBits

/**
 * What any custom model that leaves the MQL out needs to weigh a deal's journey (`weighCustom`): the touches of its
 * journey to the win, and the milestones each touch holds, as bits, in the two journeys a custom model can use. The
 * journey to the creation is the first touches of the journey to the win: both start at the lookback and run in
 * journey order, and every touch up to the creation comes before every later one.
 */
export interface JourneyMilestones {
  /** The journey to the win (to the creation while the deal is open), in journey order. */
  touches: JourneyTouch[]
  /** The bits of each touch of the journey to the creation (FT, LC, OC): one per touch, for the first touches. */
  creation: number[]
  /** The bits of each touch of the journey to the win. */
  win: number[]
}

export function journeyMilestones(deal: DealTimes, touches: readonly JourneyTouch[], options: AttributionOptions): JourneyMilestones {
  const toWin = journeyUntil('win', deal, touches, options)
  const toCreation = journeyUntil('creation', deal, touches, options)
  // Only a model without a CW weight uses the journey to the creation, so its CW touch is left unmarked there.
  return { touches: toWin, creation: bitsOf(milestonesOf(toCreation, { createdAt: deal.createdAt })), win: bitsOf(milestonesOf(toWin, deal)) }
}

/** The milestones a touch holds, from its bits. */
export function milestonesOfBits(bits: number): KeptMilestone[] {
  return (Object.keys(milestoneBits) as KeptMilestone[]).filter((milestone) => (bits & milestoneBits[milestone]) !== 0)
}

function bitsOf(milestones: readonly (readonly Milestone[])[]): number[] {
  return milestones.map((held) => held.reduce((bits, milestone) => bits | (milestone === 'MQL' ? 0 : milestoneBits[milestone]), 0))
}
