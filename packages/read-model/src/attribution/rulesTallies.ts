import type { ClickHouse } from '@attribution/clickhouse'
import type { AttributionLevel } from '@attribution/domain'
import { windowParams, type TimeWindow } from '../answers/window.ts'
import { talliesOfParts } from './precomputedTallies.ts'
import { emptyTallies, type Tallies } from './tallies.ts'

/**
 * A rule-based model's tallies as if a version of channel rules that is not active classified the touches: a touch's
 * credit under these models does not depend on its channel or campaign, so the kept credit lines of the window are
 * read with each touch's channel and campaign taken from the version's replay (touch_channels), where it has a row
 * (a touch that states both has none, and is the same under any rules). The deal counts, amounts and credits are the
 * lines' own: only the labels move, so totals are those of the active rules to the cent. Reads every line of the
 * window, not the day sums: a question for comparing versions, not for dashboards.
 */
export async function rulesTallies(
  clickhouse: ClickHouse,
  model: string,
  window: TimeWindow,
  level: AttributionLevel,
  rulesRef: string,
): Promise<Tallies> {
  const t = clickhouse.table
  const lines = `SELECT * FROM ${t('credit_lines')} FINAL
                 WHERE model = {model:String} AND at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')} AND NOT is_deleted`
  // One part per credited touch, with the line's deal counted on its first touch only; one per line without touches.
  const parts = `
    SELECT l.model AS model, l.kind AS kind, toUInt64(touch_index = 1) AS deals, toUInt64(0) AS unattributed_deals,
           toInt64(0) AS unattributed_cents, [if(c.touchpoint_id = '', line_campaign, c.campaign_id)] AS campaign_ids,
           [if(c.touchpoint_id = '', line_channel, c.channel)] AS channels, [line_part] AS share_parts, [line_cent] AS cents
    FROM (${lines}) AS l
    ARRAY JOIN l.touchpoint_ids AS line_touch, l.campaign_ids AS line_campaign, l.channels AS line_channel,
               l.share_parts AS line_part, l.cents AS line_cent, arrayEnumerate(l.touchpoint_ids) AS touch_index
    LEFT JOIN (SELECT touchpoint_id, campaign_id, channel FROM ${t('touch_channels')} FINAL WHERE rules_ref = {rulesRef:String}) AS c
           ON c.touchpoint_id = line_touch
    UNION ALL
    SELECT model, kind, 1, 1, amount_cents, [], [], [], [] FROM (${lines}) WHERE empty(touchpoint_ids)`
  const byLevel = await talliesOfParts(clickhouse, parts, { ...windowParams(window), model, rulesRef }, [model], [level])
  return byLevel.get(level)?.get(model) ?? emptyTallies()
}
