import { selectRows, toClickHouseTime, type ClickHouse } from '@attribution/clickhouse'

/**
 * What the projector builds once for every deal when an install lacks it: its credits (credit_rebuilds) and its journey
 * milestones (journey_milestone_builds). A row in the table says the build finished.
 */
export type BuildTable = 'credit_rebuilds' | 'journey_milestone_builds'

export async function buildRecorded(clickhouse: ClickHouse, table: BuildTable): Promise<boolean> {
  const [row] = await selectRows<{ builds: string | number }>(clickhouse, `SELECT count() AS builds FROM ${clickhouse.table(table)}`)
  return Number(row?.builds ?? 0) > 0
}

export async function recordBuild(clickhouse: ClickHouse, table: BuildTable, eventsApplied: number, deals: number): Promise<void> {
  await clickhouse.client.insert({
    table: clickhouse.table(table),
    values: [{ events_applied: eventsApplied, deals, finished_at: toClickHouseTime(new Date().toISOString()) }],
    format: 'JSONEachRow',
  })
}
