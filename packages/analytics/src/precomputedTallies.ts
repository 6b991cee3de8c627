import type { AttributionLevel, AttributionModel } from '@attribution/domain'
import type { ClickHouse } from './connection.ts'
import { emptyTallies, tallyOf, type Tallies } from './tallies.ts'
import { windowParams, type TimeWindow } from './window.ts'

/**
 * The same tallies as `liveTallies`, summed inside ClickHouse from the credits the projector keeps (default lookback
 * and half-life only): the cost no longer grows with the number of journeys read into the API.
 */
export async function precomputedTallies(
  clickhouse: ClickHouse,
  model: AttributionModel,
  window: TimeWindow,
  level: AttributionLevel,
): Promise<Tallies> {
  const key = level === 'channel' ? 'credit_channel' : 'credit_campaign'
  const inWindow = `
    SELECT *,
           created_at >= {from:DateTime64(3, 'UTC')} AND created_at < {to:DateTime64(3, 'UTC')} AS created_in,
           won_at IS NOT NULL AND won_at >= {from:DateTime64(3, 'UTC')} AND won_at < {to:DateTime64(3, 'UTC')} AS won_in
    FROM ${clickhouse.table('deal_credits')} FINAL
    WHERE model = {model:String} AND (created_in OR won_in)`
  const params = { ...windowParams(window), model }
  const [campaignRows, dealRows] = await Promise.all([
    clickhouse.client
      .query({
        query: `
          SELECT ${key} AS label, min(credit_channel) AS channel,
                 toString(sumIf(credit_pipeline, created_in)) AS pipeline, toString(sumIf(credit_revenue, won_in)) AS revenue,
                 toString(sumIf(credit_parts, created_in)) AS created_parts, toString(sumIf(credit_parts, won_in)) AS won_parts
          FROM (${inWindow})
          ARRAY JOIN campaign_ids AS credit_campaign, channels AS credit_channel, share_parts AS credit_parts,
                     pipeline_cents AS credit_pipeline, revenue_cents AS credit_revenue
          GROUP BY label`,
        query_params: params,
        format: 'JSONEachRow',
      })
      .then((result) =>
        result.json<{ label: string; channel: string; pipeline: string; revenue: string; created_parts: string; won_parts: string }>(),
      ),
    clickhouse.client
      .query({
        query: `
          SELECT countIf(created_in) AS created, countIf(won_in) AS won,
                 countIf(created_in AND empty(touchpoint_ids)) AS unattributed_created,
                 countIf(won_in AND empty(touchpoint_ids)) AS unattributed_won,
                 toString(sumIf(amount_cents, created_in AND empty(touchpoint_ids))) AS unattributed_pipeline,
                 toString(sumIf(won_amount_cents, won_in AND empty(touchpoint_ids))) AS unattributed_revenue
          FROM (${inWindow})`,
        query_params: params,
        format: 'JSONEachRow',
      })
      .then((result) => result.json<Record<string, string | number>>()),
  ])
  const tallies = emptyTallies()
  for (const row of campaignRows) {
    const tally = tallyOf(tallies, row.label, row.channel)
    tally.pipelineCents = Number(row.pipeline)
    tally.revenueCents = Number(row.revenue)
    tally.createdParts = Number(row.created_parts)
    tally.wonParts = Number(row.won_parts)
  }
  const deals = dealRows[0] ?? {}
  tallies.dealsCreated = Number(deals.created ?? 0)
  tallies.dealsWon = Number(deals.won ?? 0)
  tallies.unattributed = {
    pipelineCents: Number(deals.unattributed_pipeline ?? 0),
    revenueCents: Number(deals.unattributed_revenue ?? 0),
    dealsCreated: Number(deals.unattributed_created ?? 0),
    dealsWon: Number(deals.unattributed_won ?? 0),
  }
  return tallies
}
