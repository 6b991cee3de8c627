import type { ClickHouse } from '@attribution/clickhouse'
import type { RawTouch } from '@attribution/domain'
import type { PositionedEvent } from '../projection/positionedEvent.ts'

/** A derived touch as touchpoints keeps it: what the rules read, and its place in the log. */
export interface StoredRawTouch {
  touchpointId: string
  position: string
  touch: RawTouch
}

/**
 * A page of the touches whose campaign or channel was derived (not stated), in touch id order after `after`: a replay
 * reads every one once, by key ranges, so its memory stays bounded however many there are.
 */
export async function derivedTouchesAfter(clickhouse: ClickHouse, after: string, limit: number): Promise<StoredRawTouch[]> {
  const result = await clickhouse.client.query({
    query: `SELECT touchpoint_id, toString(position), touch_type, url, referrer, utm_source, utm_medium, utm_campaign, utm_term,
                   utm_content, stated_campaign_id, stated_channel
            FROM ${clickhouse.table('touchpoints')} FINAL
            WHERE channel_rules != '' AND touchpoint_id > {after:String}
            ORDER BY touchpoint_id
            LIMIT {limit:UInt32}`,
    query_params: { after, limit },
    format: 'JSONCompactEachRow',
  })
  const rows = await result.json<[string, string, string, string, string, string, string, string, string, string, string, string]>()
  return rows.map(([touchpointId, position, touchType, url, referrer, source, medium, campaign, term, content, campaignId, channel]) => {
    const utm = Object.fromEntries(Object.entries({ source, medium, campaign, term, content }).filter(([, value]) => value !== ''))
    const touch: RawTouch = {
      touchType,
      ...(url === '' ? {} : { url }),
      ...(referrer === '' ? {} : { referrer }),
      ...(Object.keys(utm).length === 0 ? {} : { utm }),
      ...(campaignId === '' ? {} : { campaignId }),
      ...(channel === '' ? {} : { channel }),
    }
    return { touchpointId, position, touch }
  })
}

/** How many touches a replay of channel rules classifies: those whose campaign or channel was derived. */
export async function countDerivedTouches(clickhouse: ClickHouse): Promise<number> {
  const result = await clickhouse.client.query({
    query: `SELECT count() FROM ${clickhouse.table('touchpoints')} FINAL WHERE channel_rules != ''`,
    format: 'JSONCompactEachRow',
  })
  const [[count] = [0]] = await result.json<[string | number]>()
  return Number(count)
}

/**
 * Every touch of a batch, as a replay reads derived ones from touchpoints. Those that state both their campaign and
 * channel are kept too: a touch re-sent under its id, stating them now, must replace the row its derived version left.
 */
export function touchesOfBatch(events: readonly PositionedEvent[]): StoredRawTouch[] {
  return events.flatMap(({ event, position }) =>
    event.type === 'touchpoint.recorded'
      ? [{ touchpointId: event.data.touchpointId ?? event.eventId, position: position.prepare.toString(), touch: event.data }]
      : [],
  )
}
