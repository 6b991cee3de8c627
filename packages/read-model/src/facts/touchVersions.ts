import { selectRows, type ClickHouse } from '@attribution/clickhouse'
import type { PositionedEvent } from '../projection/positionedEvent.ts'

/** One recorded version of a touch: whose it was (a person, or an anonymous id) and when. */
export interface TouchVersion {
  personId: string
  anonymousId: string
  occurredAtMs: number
}

/**
 * Every recorded version of the touches in these events that carry an id of their own (touchpointId). Such a touch can
 * be re-sent under another person or at another time, and then what its older version fed (a deal's journey, a
 * person's lifecycle) changes too, though the new event names someone else. Read by key from touchpoints, which is
 * sorted by touch id; a touch without an id of its own has one version, the event itself.
 */
export async function touchVersions(clickhouse: ClickHouse, events: readonly PositionedEvent[]): Promise<TouchVersion[]> {
  const touchpointIds = events.flatMap(({ event }) =>
    event.type === 'touchpoint.recorded' && event.data.touchpointId !== undefined ? [event.data.touchpointId] : [],
  )
  if (touchpointIds.length === 0) return []
  const rows = await selectRows<{ person_id: string; anonymous_id: string; at: string | number }>(
    clickhouse,
    `SELECT DISTINCT person_id, anonymous_id, toUnixTimestamp64Milli(occurred_at) AS at
     FROM ${clickhouse.table('touchpoints')} WHERE touchpoint_id IN {touchpointIds:Array(String)}`,
    { touchpointIds },
  )
  return rows.map((row) => ({ personId: row.person_id, anonymousId: row.anonymous_id, occurredAtMs: Number(row.at) }))
}
