import { insertCompact, compactRows, type ClickHouse } from '@attribution/clickhouse'
import type { Classifier, RawTouch } from '@attribution/domain'
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

/** Touches classified under one version, as their rows in touch_channels. */
export async function writeTouchChannels(
  clickhouse: ClickHouse,
  rulesRef: string,
  touches: readonly { touchpointId: string; position: string; touch: RawTouch }[],
  classify: Classifier,
): Promise<void> {
  if (touches.length === 0) return
  const rows = touches.map(({ touchpointId, position, touch }) => {
    const { campaignId, channel } = classify(touch)
    return { rules_ref: rulesRef, touchpoint_id: touchpointId, campaign_id: campaignId, channel, position }
  })
  await insertCompact(clickhouse, 'touch_channels', compactRows(rows))
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

/**
 * The versions of channel rules whose touch_channels rows the projector keeps current: those a replay is running for
 * or has finished. Read from the replay jobs, a table as small as the number of replays ever asked.
 */
export async function channelRulesInUse(clickhouse: ClickHouse): Promise<{ rulesId: string; version: number }[]> {
  const result = await clickhouse.client.query({
    query: `SELECT DISTINCT definition_id, version FROM ${clickhouse.table('replay_jobs')} FINAL
            WHERE subject = 'channel_rules' AND state IN ('requested', 'running', 'done')`,
    format: 'JSONCompactEachRow',
  })
  return (await result.json<[string, number]>()).map(([rulesId, version]) => ({ rulesId, version: Number(version) }))
}

/**
 * Switches the touch facts to an activated version: every touch whose campaign or channel was derived takes the ones
 * the version's replay gave its latest version (touch_channels), written as a new row at the same position, which
 * ReplacingMergeTree keeps over the older one (the later insert wins at equal versions); the lookup tables follow by
 * their materialized views. One statement in ClickHouse over the touches, run once per activation.
 */
export async function switchTouchesTo(clickhouse: ClickHouse, rulesRef: string): Promise<void> {
  const t = clickhouse.table
  const columns = `touchpoint_id, event_id, person_id, anonymous_id, account_id, campaign_id, channel, touch_type, content, cost_cents,
                   occurred_at, position, url, referrer, utm_source, utm_medium, utm_campaign, utm_term, utm_content,
                   stated_campaign_id, stated_channel, channel_rules`
  await clickhouse.client.command({
    query: `INSERT INTO ${t('touchpoints')} (${columns})
            SELECT p.touchpoint_id, p.event_id, p.person_id, p.anonymous_id, p.account_id, c.campaign_id, c.channel, p.touch_type,
                   p.content, p.cost_cents, p.occurred_at, p.position, p.url, p.referrer, p.utm_source, p.utm_medium,
                   p.utm_campaign, p.utm_term, p.utm_content, p.stated_campaign_id, p.stated_channel, {rulesRef:String}
            FROM (SELECT * FROM ${t('touchpoints')} FINAL WHERE channel_rules != '') AS p
            INNER JOIN (SELECT touchpoint_id, campaign_id, channel, position FROM ${t('touch_channels')} FINAL
                        WHERE rules_ref = {rulesRef:String}) AS c
                    ON c.touchpoint_id = p.touchpoint_id AND c.position = p.position
            WHERE p.channel_rules != {rulesRef:String} OR p.campaign_id != c.campaign_id OR p.channel != c.channel`,
    query_params: { rulesRef },
  })
}

/**
 * Every person with a touch whose campaign or channel the rules derive (anonymous touches stitched to their person):
 * whose lifecycles an activation of channel rules can change, since lead definitions match on channel and campaign.
 */
export async function personsWithDerivedTouches(clickhouse: ClickHouse): Promise<string[]> {
  const t = clickhouse.table
  const result = await clickhouse.client.query({
    query: `SELECT DISTINCT person_id FROM ${t('touchpoints_stitched')}
            WHERE person_id != '' AND touchpoint_id IN (SELECT touchpoint_id FROM ${t('touchpoints')} FINAL WHERE channel_rules != '')
            ORDER BY person_id`,
    format: 'JSONCompactEachRow',
  })
  return (await result.json<[string]>()).map(([personId]) => personId)
}

/**
 * Classifies every touch whose campaign or channel is derived under a version, into touch_channels, page by page in
 * touch id order (memory stays bounded); `onPage` hears how many touches each page held. What a replay does, and what
 * an activation does first so that the switch never depends on a replay's rows (a read model rebuilt from the log has
 * no replay jobs).
 */
export async function classifyDerivedTouches(
  clickhouse: ClickHouse,
  rulesRef: string,
  classify: Classifier,
  touchesPerPage = 50_000,
  onPage?: (touches: number) => Promise<void>,
): Promise<void> {
  for (let after = ''; ; ) {
    const touches = await derivedTouchesAfter(clickhouse, after, touchesPerPage)
    await writeTouchChannels(clickhouse, rulesRef, touches, classify)
    await onPage?.(touches.length)
    const last = touches.at(-1)
    if (last === undefined || touches.length < touchesPerPage) return
    after = last.touchpointId
  }
}

/** Where some touches belong under a version that is not active, by touch id: those the version derives. */
export async function placementsUnder(
  clickhouse: ClickHouse,
  rulesRef: string,
  touchpointIds: readonly string[],
): Promise<Map<string, { campaignId: string; channel: string }>> {
  const result = await clickhouse.client.query({
    query: `SELECT touchpoint_id, campaign_id, channel FROM ${clickhouse.table('touch_channels')} FINAL
            WHERE rules_ref = {rulesRef:String} AND touchpoint_id IN {touchpointIds:Array(String)}`,
    query_params: { rulesRef, touchpointIds: [...touchpointIds] },
    format: 'JSONCompactEachRow',
  })
  return new Map((await result.json<[string, string, string]>()).map(([id, campaignId, channel]) => [id, { campaignId, channel }]))
}
