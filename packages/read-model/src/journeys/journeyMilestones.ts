import { defaultAttributionOptions, journeyMilestones, winJourneyEnd } from '@attribution/domain'
import { dealLines, type DealDays } from './dealLines.ts'
import type { DealJourney } from './journeys.ts'
import { clickHouseTimeOf, type Row } from '@attribution/clickhouse'

/**
 * The journey_milestones rows of each journey (migration 015), on the days dealLines puts a deal's lines, with the
 * lookback the projector keeps credits with. Pure, like creditLineRows.
 */
export function journeyMilestoneRows(journeys: readonly DealJourney[], daysOf: ReadonlyMap<string, DealDays>, version: number): Row[] {
  return journeys.flatMap((journey) => {
    const { deal } = journey
    const kept = journeyMilestones(deal, journey.touches, defaultAttributionOptions)
    return dealLines(journey, daysOf, version, (_kind, deleted) => ({
      journey_keys: deleted ? [] : journey.journeyKeys,
      journey_end: clickHouseTimeOf(deleted ? 0 : winJourneyEnd(deal)),
      touch_times: deleted ? [] : kept.touches.map(({ occurredAt }) => clickHouseTimeOf(occurredAt)),
      campaign_ids: deleted ? [] : kept.touches.map(({ campaignId }) => campaignId),
      channels: deleted ? [] : kept.touches.map(({ channel }) => channel),
      creation_milestones: deleted ? [] : kept.creation,
      win_milestones: deleted ? [] : kept.win,
    }))
  })
}
