import {
  journeyUntil,
  labelOf,
  markovAttribution,
  observedConversionRates,
  type AttributionLevel,
  type AttributionOptions,
  type ConversionPath,
  type ModelSpec,
} from '@attribution/domain'
import type { ClickHouse } from './connection.ts'
import type { DealJourney } from './journeys.ts'
import { windowParams, type TimeWindow } from './window.ts'

/**
 * Journeys that did not convert: people (or never-identified visitors) with touches in the window, reaching back the
 * lookback, who are no contact of a deal created in it. Each is the ordered labels of its touches.
 */
async function nonConvertingPaths(
  clickhouse: ClickHouse,
  window: TimeWindow,
  options: AttributionOptions,
  level: AttributionLevel,
): Promise<string[][]> {
  const t = clickhouse.table
  const label = level === 'channel' ? 'channel' : 'campaign_id'
  const result = await clickhouse.client.query({
    query: `
      SELECT arrayMap(x -> x.3, arraySort(x -> (x.1, x.2), groupArray((occurred_at, touchpoint_id, ${label})))) AS labels
      FROM ${t('touchpoints_stitched')}
      WHERE occurred_at >= {from:DateTime64(3, 'UTC')} - toIntervalDay({lookbackDays:UInt32})
        AND occurred_at < {to:DateTime64(3, 'UTC')}
        AND person_id NOT IN (
          SELECT arrayJoin(contact_ids) FROM ${t('deals')}
          WHERE created_at >= {from:DateTime64(3, 'UTC')} AND created_at < {to:DateTime64(3, 'UTC')})
      GROUP BY if(person_id != '', person_id, concat('anonymous:', anonymous_id))`,
    query_params: { ...windowParams(window), lookbackDays: options.lookbackDays },
    format: 'JSONEachRow',
  })
  return (await result.json<{ labels: string[] }>()).map((row) => row.labels)
}

/** Converting paths (the journeys of deals created in the window) and non-converting ones, identical paths counted. */
export async function conversionPaths(
  clickhouse: ClickHouse,
  journeys: readonly DealJourney[],
  window: TimeWindow,
  options: AttributionOptions,
  level: AttributionLevel,
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
    add(journeyUntil('creation', journey.deal, journey.touches, options).map((touch) => labelOf(touch, level)), true)
  }
  for (const labels of await nonConvertingPaths(clickhouse, window, options, level)) add(labels, false)
  return [...counts.values()]
}

/** Trains a data-driven model on the window's paths; rule-based and custom models need no training. */
export async function trainedSpec(
  clickhouse: ClickHouse,
  model: 'markov' | 'shapley',
  journeys: readonly DealJourney[],
  window: TimeWindow,
  options: AttributionOptions,
  level: AttributionLevel,
): Promise<ModelSpec> {
  const paths = await conversionPaths(clickhouse, journeys, window, options, level)
  return model === 'markov'
    ? { kind: 'markov', level, shares: markovAttribution(paths).shares }
    : { kind: 'shapley', level, rates: observedConversionRates(paths) }
}
