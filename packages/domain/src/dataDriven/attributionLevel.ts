import type { JourneyTouch } from '../journey.ts'

/** What the data-driven models treat as one state of a journey: the touch's channel or its campaign. */
export const attributionLevels = ['channel', 'campaign'] as const

export type AttributionLevel = (typeof attributionLevels)[number]

/** The label a touch goes by at `level`. */
export function labelOf(touch: JourneyTouch, level: AttributionLevel): string {
  return level === 'channel' ? touch.channel : touch.campaignId
}
