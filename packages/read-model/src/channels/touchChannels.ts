import { insertCompact, compactRows, type ClickHouse } from '@attribution/clickhouse'
import type { Classifier, RawTouch } from '@attribution/domain'
import { derivedTouchesAfter } from './derivedTouches.ts'

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
