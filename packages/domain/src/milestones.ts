import type { DealTimes, JourneyTouch } from './journey.ts'

/**
 * First touch, lead creation, marketing-qualified lead (under a lead definition), opportunity creation, closed won.
 */
export type Milestone = 'FT' | 'LC' | 'MQL' | 'OC' | 'CW'

export const milestones: readonly Milestone[] = ['FT', 'LC', 'MQL', 'OC', 'CW']

/**
 * The milestones each touch of a journey (as returned by `journeyOf`, so in journey order) holds, index for index.
 * A milestone with no touch to hold it (no lead creation, an open deal's CW, a deal without `mqlAt`) appears
 * nowhere; one touch may hold several. The MQL milestone is the latest touch at or before `mqlAt`, the qualification
 * that led to the deal: the touch that qualified the lead.
 */
export function milestonesOf(journey: readonly JourneyTouch[], deal: DealTimes): Milestone[][] {
  const formFill = journey.findIndex((touch) => touch.touchType === 'form_fill')
  const { createdAt, wonAt, mqlAt } = deal
  const holders: Record<Milestone, number> = {
    FT: journey.length > 0 ? 0 : -1,
    // The lead is created by the first form fill; without one, by the first touch the person made under their own id.
    LC: formFill !== -1 ? formFill : journey.findIndex((touch) => touch.identified),
    MQL: mqlAt === undefined ? -1 : journey.findLastIndex((touch) => touch.occurredAt <= mqlAt),
    OC: journey.findLastIndex((touch) => touch.occurredAt <= createdAt),
    CW: wonAt === undefined ? -1 : journey.findLastIndex((touch) => touch.occurredAt <= wonAt),
  }
  return journey.map((_, index) => milestones.filter((milestone) => holders[milestone] === index))
}
