import { defaultAttributionOptions, journeyMilestones } from '@attribution/domain'
import type { ClickHouse } from './connection.ts'
import { dealLines, type DealDays } from './dealLines.ts'
import type { DealJourney } from './journeys.ts'
import { toClickHouseTime, type Row } from './rows.ts'
import { selectRows } from './select.ts'

/**
 * The journey_milestones rows of each journey (migration 015), on the days dealLines puts a deal's lines, with the
 * lookback the projector keeps credits with. Pure, like creditLineRows.
 */
export function journeyMilestoneRows(journeys: readonly DealJourney[], daysOf: ReadonlyMap<string, DealDays>, version: number): Row[] {
  return journeys.flatMap((journey) => {
    const kept = journeyMilestones(journey.deal, journey.touches, defaultAttributionOptions)
    return dealLines(journey, daysOf, version, (_kind, deleted) => ({
      campaign_ids: deleted ? [] : kept.touches.map(({ campaignId }) => campaignId),
      channels: deleted ? [] : kept.touches.map(({ channel }) => channel),
      creation_milestones: deleted ? [] : kept.creation,
      win_milestones: deleted ? [] : kept.win,
    }))
  })
}

/** Whether every deal's milestones are kept: until then answers that would read them are computed from the journeys. */
export async function journeyMilestonesBuilt(clickhouse: ClickHouse): Promise<boolean> {
  const [row] = await selectRows<{ builds: string | number }>(
    clickhouse,
    `SELECT count() AS builds FROM ${clickhouse.table('journey_milestone_builds')}`,
  )
  return Number(row?.builds ?? 0) > 0
}

export async function recordJourneyMilestonesBuilt(clickhouse: ClickHouse, eventsApplied: number, deals: number): Promise<void> {
  await clickhouse.client.insert({
    table: clickhouse.table('journey_milestone_builds'),
    values: [{ events_applied: eventsApplied, deals, finished_at: toClickHouseTime(new Date().toISOString()) }],
    format: 'JSONEachRow',
  })
}
