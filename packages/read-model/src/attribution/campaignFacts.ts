import { convertAt, type AttributionLevel } from '@attribution/domain'
import { selectRows, type ClickHouse } from '@attribution/clickhouse'
import { loadRateTimelines } from '../facts/exchangeRates.ts'
import type { UnconvertedCents } from '../answers/unconverted.ts'
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

/** Campaign costs in the window: per campaign in the reporting currency, and what waits for a rate. */
export interface CampaignCosts {
  byCampaign: Map<string, number>
  unconverted: UnconvertedCents[]
}

/**
 * Cost per campaign in the window, in cents of the reporting currency: per-touch costs that occurred in it, plus
 * recorded campaign spend spread evenly over its period and prorated to the part of the period inside the window
 * (rounded per record). Spend in another currency is first converted whole at the rate in effect at its period's start
 * (rounded half-up to the cent), then prorated the same way; without a rate then, its prorated amount is listed as
 * unconverted, in its own currency.
 */
export async function loadCampaignCosts(clickhouse: ClickHouse, window: TimeWindow, reportingCurrency: string): Promise<CampaignCosts> {
  const t = clickhouse.table
  const params = { ...windowParams(window), reporting: reportingCurrency }
  const prorated = `
      SELECT campaign_id, amount_cents, currency, toUnixTimestamp64Milli(period_start) AS start_ms,
             toUnixTimestamp64Milli(period_end) - toUnixTimestamp64Milli(period_start) AS span,
             greatest(0, least(toUnixTimestamp64Milli(period_end), window_end)
                       - greatest(toUnixTimestamp64Milli(period_start), window_start)) AS overlap
      FROM ${t('campaign_costs')} FINAL`
  const windowEnds = `WITH toUnixTimestamp64Milli({from:DateTime64(3, 'UTC')}) AS window_start,
           toUnixTimestamp64Milli({to:DateTime64(3, 'UTC')}) AS window_end`
  // One round trip: per campaign, what is in the reporting currency summed here; each record in another currency as it
  // is, to be converted below (an answer's fixed cost is mostly its queries, so two would cost the answer a tenth more).
  const rows = await selectRows<{ campaign_id: string; cents: string; currency: string; start_ms: string | number; span: string | number; overlap: string | number }>(
    clickhouse,
    `${windowEnds}
    SELECT campaign_id, toString(sum(cost)) AS cents, '' AS currency, 0 AS start_ms, 0 AS span, 0 AS overlap FROM (
      SELECT campaign_id, sum(toInt128(cost_cents)) AS cost
      FROM ${t('touch_costs')} FINAL
      WHERE cost_cents > 0 AND occurred_at >= {from:DateTime64(3, 'UTC')} AND occurred_at < {to:DateTime64(3, 'UTC')}
      GROUP BY campaign_id
      UNION ALL
      SELECT campaign_id, sum(intDiv(toInt128(amount_cents) * overlap + intDiv(span, 2), span)) AS cost
      FROM (${prorated})
      WHERE overlap > 0 AND currency IN ({reporting:String}, '')
      GROUP BY campaign_id
    )
    GROUP BY campaign_id
    UNION ALL
    SELECT campaign_id, toString(amount_cents), currency, start_ms, span, overlap
    FROM (${prorated})
    WHERE overlap > 0 AND currency NOT IN ({reporting:String}, '')`,
    params,
  )
  const atPar = rows.filter((row) => row.currency === '')
  const inOtherCurrencies = rows.filter((row) => row.currency !== '')
  const byCampaign = new Map(atPar.map((row) => [row.campaign_id, Number(row.cents)]))
  const costs = inOtherCurrencies.map((row) => ({ ...row, startMs: Number(row.start_ms), cents: Number(row.cents) }))
  const untilMs = costs.reduce((latest, cost) => Math.max(latest, cost.startMs), 0)
  const timelines = await loadRateTimelines(clickhouse, costs.map((cost) => cost.currency), untilMs)
  const unconverted = new Map<string, UnconvertedCents>()
  for (const cost of costs) {
    const converted = convertAt({ currency: cost.currency, originalCents: cost.cents, atMs: cost.startMs }, reportingCurrency, (currency) => timelines.get(currency) ?? [])
    const prorate = (cents: number) => Number((BigInt(cents) * BigInt(cost.overlap) + BigInt(cost.span) / 2n) / BigInt(cost.span))
    if (converted.cents !== undefined) {
      byCampaign.set(cost.campaign_id, (byCampaign.get(cost.campaign_id) ?? 0) + prorate(converted.cents))
      continue
    }
    const listed = unconverted.get(cost.currency) ?? { currency: cost.currency, measure: 'cost', cents: 0, count: 0, earliestAtMs: cost.startMs }
    listed.cents += prorate(cost.cents)
    listed.count += 1
    listed.earliestAtMs = Math.min(listed.earliestAtMs, cost.startMs)
    unconverted.set(cost.currency, listed)
  }
  return { byCampaign, unconverted: [...unconverted.values()] }
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
