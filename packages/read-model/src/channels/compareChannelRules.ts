import type { ClickHouse } from '@attribution/clickhouse'
import { attributionModels } from '@attribution/domain'
import { reportedAmount } from '../answers/reportedAmount.ts'
import { windowParams, type TimeWindow } from '../answers/window.ts'

/** Where a touch belongs under one version. */
export interface Placement {
  channel: string
  campaignId: string
}

export interface TouchMove {
  from: Placement
  to: Placement
  touches: number
}

export interface MoneyMove {
  from: Placement
  to: Placement
  /** Credit of deals created in the window that moves. */
  pipeline: number
  /** Credit of deals won in the window that moves. */
  revenue: number
}

export interface ChannelRulesComparison {
  /** Touches whose campaign or channel the rules derive, and how many of them land elsewhere under the candidate. */
  touches: { derived: number; moved: number; moves: TouchMove[] }
  /** Per rule-based model: the credit that moves, largest moves first. The totals are the same under both versions. */
  models: Record<string, { pipelineMoved: number; revenueMoved: number; moves: MoneyMove[] }>
}

export interface ChannelRulesComparisonQuery extends TimeWindow {
  /** `id@version` of each side; `activeRef` is the active version, whose placements are the touch facts' own. */
  base: string
  candidate: string
  activeRef: string
  /** Moves listed per model and for touches; the rest are counted in the sums. */
  limit?: number
}

/**
 * What changes between two versions of channel rules (both replayed, or active): the derived touches that land on
 * another channel or campaign, and, per rule-based model, the credit that moves with them over the window (a touch's
 * share does not depend on its channel, so only labels move). Each side's placement of a touch is its row in
 * touch_channels for that version, or, for the active version and for touches that state both, the facts' own.
 */
export async function compareChannelRules(clickhouse: ClickHouse, query: ChannelRulesComparisonQuery): Promise<ChannelRulesComparison> {
  const t = clickhouse.table
  const limit = query.limit ?? 100
  // The active version's side reads no rows (no version is named ''): every touch keeps the facts' placement.
  const side = (param: string) =>
    `(SELECT touchpoint_id, campaign_id, channel FROM ${t('touch_channels')} FINAL WHERE rules_ref = {${param}:String})`
  const params = {
    ...windowParams(query),
    baseRef: query.base === query.activeRef ? '' : query.base,
    candidateRef: query.candidate === query.activeRef ? '' : query.candidate,
    models: [...attributionModels],
    limit,
  }
  const placed = (alias: string, campaign: string, channel: string) =>
    `if(${alias}.touchpoint_id = '', ${campaign}, ${alias}.campaign_id) AS ${alias}_campaign, if(${alias}.touchpoint_id = '', ${channel}, ${alias}.channel) AS ${alias}_channel`
  const touchRows = await clickhouse.client.query({
    query: `SELECT b_channel, b_campaign, c_channel, c_campaign, count() AS touches, sum(count()) OVER () AS moved
            FROM (SELECT p.touchpoint_id, ${placed('b', 'p.campaign_id', 'p.channel')}, ${placed('c', 'p.campaign_id', 'p.channel')}
                  FROM (SELECT touchpoint_id, campaign_id, channel FROM ${t('touchpoints')} FINAL WHERE channel_rules != '') AS p
                  LEFT JOIN ${side('baseRef')} AS b ON b.touchpoint_id = p.touchpoint_id
                  LEFT JOIN ${side('candidateRef')} AS c ON c.touchpoint_id = p.touchpoint_id)
            WHERE b_channel != c_channel OR b_campaign != c_campaign
            GROUP BY b_channel, b_campaign, c_channel, c_campaign
            ORDER BY touches DESC, b_channel, b_campaign, c_channel, c_campaign
            LIMIT {limit:UInt32}`,
    query_params: params,
    format: 'JSONEachRow',
  })
  const derived = await clickhouse.client.query({
    query: `SELECT count() AS derived FROM ${t('touchpoints')} FINAL WHERE channel_rules != ''`,
    format: 'JSONEachRow',
  })
  const moneyRows = await clickhouse.client.query({
    query: `SELECT model, b_channel, b_campaign, c_channel, c_campaign,
                   toString(sumIf(toInt128(line_cent), kind = 'created')) AS pipeline, toString(sumIf(toInt128(line_cent), kind = 'won')) AS revenue,
                   toString(sum(sumIf(toInt128(line_cent), kind = 'created')) OVER (PARTITION BY model)) AS pipeline_moved,
                   toString(sum(sumIf(toInt128(line_cent), kind = 'won')) OVER (PARTITION BY model)) AS revenue_moved
            FROM (SELECT l.model AS model, l.kind AS kind, line_cent, ${placed('b', 'line_campaign', 'line_channel')},
                         ${placed('c', 'line_campaign', 'line_channel')}
                  FROM (SELECT * FROM ${t('credit_lines')} FINAL
                        WHERE model IN {models:Array(String)} AND at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')}
                          AND NOT is_deleted) AS l
                  ARRAY JOIN l.touchpoint_ids AS line_touch, l.campaign_ids AS line_campaign, l.channels AS line_channel, l.cents AS line_cent
                  LEFT JOIN ${side('baseRef')} AS b ON b.touchpoint_id = line_touch
                  LEFT JOIN ${side('candidateRef')} AS c ON c.touchpoint_id = line_touch)
            -- A touch a model gives nothing (a middle touch under first touch) moves no money.
            WHERE (b_channel != c_channel OR b_campaign != c_campaign) AND line_cent != 0
            GROUP BY model, b_channel, b_campaign, c_channel, c_campaign
            ORDER BY model, toInt128(revenue) + toInt128(pipeline) DESC, b_channel, b_campaign, c_channel, c_campaign
            LIMIT {limit:UInt32} BY model`,
    query_params: params,
    format: 'JSONEachRow',
  })
  type Moved = { b_channel: string; b_campaign: string; c_channel: string; c_campaign: string }
  const fromTo = (row: Moved) => ({ from: { channel: row.b_channel, campaignId: row.b_campaign }, to: { channel: row.c_channel, campaignId: row.c_campaign } })
  const touches = await touchRows.json<Moved & { touches: string | number; moved: string | number }>()
  const [{ derived: derivedCount = 0 } = {}] = await derived.json<{ derived?: string | number }>()
  const models: ChannelRulesComparison['models'] = Object.fromEntries(attributionModels.map((model) => [model, { pipelineMoved: 0, revenueMoved: 0, moves: [] as MoneyMove[] }]))
  for (const row of await moneyRows.json<Moved & { model: string; pipeline: string; revenue: string; pipeline_moved: string; revenue_moved: string }>()) {
    const entry = models[row.model]
    if (!entry) continue
    entry.pipelineMoved = reportedAmount(Number(row.pipeline_moved))
    entry.revenueMoved = reportedAmount(Number(row.revenue_moved))
    entry.moves.push({ ...fromTo(row), pipeline: reportedAmount(Number(row.pipeline)), revenue: reportedAmount(Number(row.revenue)) })
  }
  return {
    touches: {
      derived: Number(derivedCount),
      moved: Number(touches[0]?.moved ?? 0),
      moves: touches.map((row) => ({ ...fromTo(row), touches: Number(row.touches) })),
    },
    models,
  }
}
