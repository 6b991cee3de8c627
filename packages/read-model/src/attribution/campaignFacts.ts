import type { AttributionLevel } from '@attribution/domain'
import { selectRows, type ClickHouse } from '@attribution/clickhouse'
import type { DefinitionRef } from '../leads/definitionRef.ts'
import { windowParams, type TimeWindow } from '../answers/window.ts'

export interface CampaignInfo {
  name: string
  channel: string
}

export async function loadCampaigns(clickhouse: ClickHouse): Promise<Map<string, CampaignInfo>> {
  const result = await clickhouse.client.query({
    query: `SELECT campaign_id, name, channel FROM ${clickhouse.table('campaigns')}`,
    format: 'JSONEachRow',
  })
  const rows = await result.json<{ campaign_id: string; name: string; channel: string }>()
  return new Map(rows.map((row) => [row.campaign_id, { name: row.name, channel: row.channel }]))
}

/**
 * Cost per campaign in the window, in cents: per-touch costs that occurred in it, plus recorded campaign spend spread
 * evenly over its period and prorated to the part of the period inside the window (rounded per record).
 */
export async function loadCampaignCosts(clickhouse: ClickHouse, window: TimeWindow): Promise<Map<string, number>> {
  const t = clickhouse.table
  const result = await clickhouse.client.query({
    query: `
      WITH toUnixTimestamp64Milli({from:DateTime64(3, 'UTC')}) AS window_start,
           toUnixTimestamp64Milli({to:DateTime64(3, 'UTC')}) AS window_end
      SELECT campaign_id, toString(sum(cost)) AS cost_cents FROM (
        SELECT campaign_id, sum(toInt128(cost_cents)) AS cost
        FROM ${t('touch_costs')} FINAL
        WHERE cost_cents > 0 AND occurred_at >= {from:DateTime64(3, 'UTC')} AND occurred_at < {to:DateTime64(3, 'UTC')}
        GROUP BY campaign_id
        UNION ALL
        SELECT campaign_id,
               sum(intDiv(toInt128(amount_cents) * overlap + intDiv(span, 2), span)) AS cost
        FROM (
          SELECT campaign_id, amount_cents,
                 toUnixTimestamp64Milli(period_end) - toUnixTimestamp64Milli(period_start) AS span,
                 greatest(0, least(toUnixTimestamp64Milli(period_end), window_end)
                           - greatest(toUnixTimestamp64Milli(period_start), window_start)) AS overlap
          FROM ${t('campaign_costs')} FINAL
        )
        WHERE overlap > 0
        GROUP BY campaign_id
      )
      GROUP BY campaign_id`,
    query_params: windowParams(window),
    format: 'JSONEachRow',
  })
  const rows = await result.json<{ campaign_id: string; cost_cents: string }>()
  return new Map(rows.map((row) => [row.campaign_id, Number(row.cost_cents)]))
}

/**
 * MQLs in the window under a lead definition version, per campaign (or channel) of the touch that qualified them:
 * the latest touch at or before the person became an MQL. A person recycled and qualified again counts again.
 */
export async function loadMqlCounts(
  clickhouse: ClickHouse,
  window: TimeWindow,
  definition: DefinitionRef,
  level: AttributionLevel,
): Promise<Map<string, number>> {
  const rows = await selectRows<{ label: string; mqls: string | number }>(
    clickhouse,
    `SELECT ${level === 'channel' ? 'q_channel' : 'q_campaign'} AS label, count() AS mqls
     FROM ${clickhouse.table('lead_lifecycles')} FINAL
     ARRAY JOIN qualified_at AS q_at, qualified_campaign_ids AS q_campaign, qualified_channels AS q_channel
     WHERE definition_id = {definitionId:String} AND version = {version:UInt32}
       AND q_at >= {from:DateTime64(3, 'UTC')} AND q_at < {to:DateTime64(3, 'UTC')}
     GROUP BY label`,
    { ...windowParams(window), definitionId: definition.definitionId, version: definition.version },
  )
  return new Map(rows.map((row) => [row.label, Number(row.mqls)]))
}
