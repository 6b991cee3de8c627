import {
  attributionLevels,
  journeyUntil,
  labelOf,
  markovAttribution,
  observedConversionRates,
  type AttributionLevel,
  type AttributionOptions,
  type ConversionPath,
  type ModelSpec,
} from '@attribution/domain'
import type { ClickHouse } from '@attribution/clickhouse'
import { allDealIds } from './creditLines.ts'
import { loadDealJourneys, type DealJourney, type JourneyMapping } from '../journeys/journeys.ts'
import { windowParams, type TimeWindow } from '../answers/window.ts'

/** Whose journeys make the paths, and how far back a journey reaches. */
export interface PathSettings {
  mapping: JourneyMapping
  lookbackDays: number
}

/**
 * Journeys that did not convert: people (or never-identified visitors), or accounts under account mapping, with
 * touches in the window reaching back the lookback, and no deal created in it; over history, every touch of those that
 * never had a deal. Identical paths (the ordered labels of their touches) come counted.
 */
async function nonConvertingPaths(
  clickhouse: ClickHouse,
  level: AttributionLevel,
  { mapping, lookbackDays }: PathSettings,
  window: TimeWindow | 'history',
): Promise<{ labels: string[]; journeys: number }[]> {
  const t = clickhouse.table
  const label = level === 'channel' ? 'channel' : 'campaign_id'
  const byAccount = mapping === 'account'
  const journeyKey = byAccount
    ? `if(p.account_id != '', p.account_id, s.account_id)`
    : `if(s.person_id != '', s.person_id, concat('anonymous:', s.anonymous_id))`
  const converted = byAccount ? 'account_id' : 'arrayJoin(contact_ids)'
  const inWindow =
    window === 'history'
      ? { touches: '1', deals: '1' }
      : {
          touches: `s.occurred_at >= {from:DateTime64(3, 'UTC')} - toIntervalDay({lookbackDays:UInt32})
                    AND s.occurred_at < {to:DateTime64(3, 'UTC')}`,
          deals: `created_at >= {from:DateTime64(3, 'UTC')} AND created_at < {to:DateTime64(3, 'UTC')}`,
        }
  const result = await clickhouse.client.query({
    query: `
      SELECT labels, count() AS journeys
      FROM (
        SELECT arrayMap(x -> x.3, arraySort(x -> (x.1, x.2), groupArray((s.occurred_at, s.touchpoint_id, s.${label})))) AS labels
        FROM ${t('touchpoints_stitched')} AS s
        LEFT JOIN ${t('persons')} AS p ON p.person_id = s.person_id
        WHERE ${inWindow.touches}
          AND ${journeyKey} != ''
          AND ${journeyKey} NOT IN (SELECT ${converted} FROM ${t('deals')} WHERE ${inWindow.deals})
        GROUP BY ${journeyKey}
      )
      GROUP BY labels`,
    query_params: { ...windowParams(window === 'history' ? {} : window), lookbackDays },
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    format: 'JSONEachRow',
  })
  return result.json<{ labels: string[]; journeys: number }>()
}

/** Identical paths counted once, with how many journeys followed them. */
class PathCounts {
  private readonly counts = new Map<string, ConversionPath>()

  add(labels: readonly string[], converted: boolean, journeys = 1): void {
    if (labels.length === 0) return
    const key = JSON.stringify([converted, labels])
    const path = this.counts.get(key)
    if (path) path.count += journeys
    else this.counts.set(key, { labels, converted, count: journeys })
  }

  /** The converting path of a deal: its journey until creation, as every data-driven model weighs it. */
  addDeal(journey: DealJourney, level: AttributionLevel, options: AttributionOptions): void {
    this.add(journeyUntil('creation', journey.deal, journey.touches, options).map((touch) => labelOf(touch, level)), true)
  }

  paths(): ConversionPath[] {
    return [...this.counts.values()]
  }
}

/** What the paths of a window depend on: the parts of an attribution question (AttributionQuery) they read. */
type PathQuestion = TimeWindow & AttributionOptions & { level: AttributionLevel; mapping?: JourneyMapping }

/** Converting paths (the journeys of deals created in the window) and non-converting ones, identical paths counted. */
export async function conversionPaths(
  clickhouse: ClickHouse,
  journeys: readonly DealJourney[],
  query: PathQuestion,
): Promise<ConversionPath[]> {
  const counts = new PathCounts()
  for (const journey of journeys) if (journey.createdInWindow) counts.addDeal(journey, query.level, query)
  const settings = { mapping: query.mapping ?? 'contacts', lookbackDays: query.lookbackDays }
  for (const { labels, journeys: count } of await nonConvertingPaths(clickhouse, query.level, settings, query)) {
    counts.add(labels, false, count)
  }
  return counts.paths()
}

/** The paths of every journey ever, at both levels: each deal's, read a step of deals at a time, and every other. */
export async function historyPaths(
  clickhouse: ClickHouse,
  settings: PathSettings,
  {
    dealsPerStep = 50_000,
    onProgress,
    stopped = () => false,
  }: {
    dealsPerStep?: number
    onProgress?: (dealsDone: number, dealsTotal: number) => void
    /** Checked between steps: true gives up, returning the paths read so far. */
    stopped?: () => boolean
  } = {},
): Promise<Record<AttributionLevel, ConversionPath[]>> {
  const counts = { channel: new PathCounts(), campaign: new PathCounts() }
  const options = { lookbackDays: settings.lookbackDays, halfLifeDays: 0 }
  const dealIds = await allDealIds(clickhouse)
  onProgress?.(0, dealIds.length)
  for (let start = 0; start < dealIds.length && !stopped(); start += dealsPerStep) {
    const step = dealIds.slice(start, start + dealsPerStep)
    const journeys = await loadDealJourneys(clickhouse, { dealIds: step }, settings.lookbackDays, { mapping: settings.mapping })
    for (const journey of journeys) for (const level of attributionLevels) counts[level].addDeal(journey, level, options)
    onProgress?.(Math.min(start + dealsPerStep, dealIds.length), dealIds.length)
  }
  for (const level of attributionLevels) {
    if (stopped()) break
    for (const { labels, journeys } of await nonConvertingPaths(clickhouse, level, settings, 'history')) counts[level].add(labels, false, journeys)
  }
  return { channel: counts.channel.paths(), campaign: counts.campaign.paths() }
}

/** What a data-driven model learns from its paths. */
export function trainOn(model: 'markov' | 'shapley', level: AttributionLevel, paths: readonly ConversionPath[]): ModelSpec {
  return model === 'markov'
    ? { kind: 'markov', level, shares: markovAttribution(paths).shares }
    : { kind: 'shapley', level, rates: observedConversionRates(paths) }
}

/** How many journeys the paths stand for, and how many of them converted. */
export function journeysIn(paths: readonly ConversionPath[]): { journeys: number; conversions: number } {
  let journeys = 0
  let conversions = 0
  for (const path of paths) {
    journeys += path.count
    if (path.converted) conversions += path.count
  }
  return { journeys, conversions }
}
