import type { AttributionOptions } from './attributionModel.ts'
import { journeyUntil, type DealTimes, type JourneyTouch } from './journey.ts'
import { milestones as allMilestones, milestonesOf, type Milestone } from './milestones.ts'

/**
 * Each milestone as a bit. The kept journeys carry FT, LC, OC and CW; never the MQL, whose touch depends on the lead
 * definition a question uses: a question weighing it places it (`withMql`) from the kept touch times.
 */
export const milestoneBits = { FT: 1, LC: 2, OC: 4, CW: 8, MQL: 16 } as const satisfies Record<Milestone, number>

/**
 * What any custom model needs to weigh a deal's journey (`weighCustom`): the touches of its journey to the win, and
 * the milestones each touch holds, as bits, in the two journeys a custom model can use. The journey to the creation is
 * the first touches of the journey to the win: both start at the lookback and run in journey order, and every touch
 * up to the creation comes before every later one.
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
  return { touches: toWin, creation: keptBitsOf(milestonesOf(toCreation, { createdAt: deal.createdAt })), win: keptBitsOf(milestonesOf(toWin, deal)) }
}

/**
 * A kept journey's bits with the MQL placed as `milestonesOf` places it: on the latest touch at or before `mqlAt`
 * (`times` are the touches' times, in journey order), on none without one.
 */
export function withMql(bits: readonly number[], times: readonly number[], mqlAt: number | undefined): number[] {
  const holder = mqlAt === undefined ? -1 : times.slice(0, bits.length).findLastIndex((time) => time <= mqlAt)
  return bits.map((held, index) => (index === holder ? held | milestoneBits.MQL : held))
}

/** The milestones a touch holds, from its bits, in milestone order (the order heldTouchWeight adds them in). */
export function milestonesOfBits(bits: number): Milestone[] {
  return allMilestones.filter((milestone) => (bits & milestoneBits[milestone]) !== 0)
}

/** The bits of these milestones. */
export function bitsOfMilestones(held: readonly Milestone[]): number {
  return held.reduce((bits, milestone) => bits | milestoneBits[milestone], 0)
}

function keptBitsOf(milestones: readonly (readonly Milestone[])[]): number[] {
  return milestones.map((held) => bitsOfMilestones(held.filter((milestone) => milestone !== 'MQL')))
}
