import {
  journeyUntil,
  labelOf,
  markovAttribution,
  observedConversionRates,
  type ConversionPath,
  type ModelSpec,
} from '@attribution/domain'
import type { AttributionQuery } from './attributionQuery.ts'
import type { ClickHouse } from './connection.ts'
import type { DealJourney } from './journeys.ts'
import { windowParams } from './window.ts'

/**
 * Journeys that did not convert: people (or never-identified visitors), or accounts under account mapping, with
 * touches in the window reaching back the lookback, and no deal created in it. Each is the ordered labels of its
 * touches.
 */
async function nonConvertingPaths(clickhouse: ClickHouse, query: AttributionQuery): Promise<string[][]> {
  const t = clickhouse.table
  const label = query.level === 'channel' ? 'channel' : 'campaign_id'
  const byAccount = query.mapping === 'account'
  const journeyKey = byAccount
    ? `if(p.account_id != '', p.account_id, s.account_id)`
    : `if(s.person_id != '', s.person_id, concat('anonymous:', s.anonymous_id))`
  const converted = byAccount ? 'account_id' : 'arrayJoin(contact_ids)'
  const result = await clickhouse.client.query({
    query: `
      SELECT arrayMap(x -> x.3, arraySort(x -> (x.1, x.2), groupArray((s.occurred_at, s.touchpoint_id, s.${label})))) AS labels
      FROM ${t('touchpoints_stitched')} AS s
      LEFT JOIN ${t('persons')} AS p ON p.person_id = s.person_id
      WHERE s.occurred_at >= {from:DateTime64(3, 'UTC')} - toIntervalDay({lookbackDays:UInt32})
        AND s.occurred_at < {to:DateTime64(3, 'UTC')}
        AND ${journeyKey} != ''
        AND ${journeyKey} NOT IN (
          SELECT ${converted} FROM ${t('deals')}
          WHERE created_at >= {from:DateTime64(3, 'UTC')} AND created_at < {to:DateTime64(3, 'UTC')})
      GROUP BY ${journeyKey}`,
    query_params: { ...windowParams(query), lookbackDays: query.lookbackDays },
    format: 'JSONEachRow',
  })
  return (await result.json<{ labels: string[] }>()).map((row) => row.labels)
}

/** Converting paths (the journeys of deals created in the window) and non-converting ones, identical paths counted. */
export async function conversionPaths(
  clickhouse: ClickHouse,
  journeys: readonly DealJourney[],
  query: AttributionQuery,
): Promise<ConversionPath[]> {
  const counts = new Map<string, ConversionPath>()
  const add = (labels: string[], converted: boolean) => {
    if (labels.length === 0) return
    const key = JSON.stringify([converted, labels])
    const path = counts.get(key)
    if (path) path.count += 1
    else counts.set(key, { labels, converted, count: 1 })
  }
  for (const journey of journeys) {
    if (!journey.createdInWindow) continue
    add(journeyUntil('creation', journey.deal, journey.touches, query).map((touch) => labelOf(touch, query.level)), true)
  }
  for (const labels of await nonConvertingPaths(clickhouse, query)) add(labels, false)
  return [...counts.values()]
}

/** Trains a data-driven model on the window's paths; rule-based and custom models need no training. */
export async function trainedSpec(
  clickhouse: ClickHouse,
  model: 'markov' | 'shapley',
  journeys: readonly DealJourney[],
  query: AttributionQuery,
): Promise<ModelSpec> {
  const paths = await conversionPaths(clickhouse, journeys, query)
  const level = query.level
  return model === 'markov'
    ? { kind: 'markov', level, shares: markovAttribution(paths).shares }
    : { kind: 'shapley', level, rates: observedConversionRates(paths) }
}
