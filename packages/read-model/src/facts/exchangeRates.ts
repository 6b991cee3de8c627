import { clickHouseTimeOf, selectRows, type ClickHouse } from '@attribution/clickhouse'
import type { RatePoint } from '@attribution/domain'

/** Each currency's rates in effect order: by time, two at the same instant in the order they were recorded. */
export type RateTimelines = ReadonlyMap<string, readonly RatePoint[]>

/**
 * The rate timelines of these currencies up to `untilMs` (the latest moment to convert at): one range per currency of
 * exchange_rates, sorted by currency and time. A timeline holds a point per recorded rate, a few hundred a year for a
 * currency quoted daily, so reading one whole costs little next to the deals it converts.
 */
export async function loadRateTimelines(clickhouse: ClickHouse, currencies: readonly string[], untilMs: number): Promise<Map<string, RatePoint[]>> {
  const timelines = new Map<string, RatePoint[]>()
  if (currencies.length === 0) return timelines
  const rows = await selectRows<{ currency: string; from_ms: string | number; rate: string }>(
    clickhouse,
    `SELECT currency, toUnixTimestamp64Milli(occurred_at) AS from_ms, rate
     FROM ${clickhouse.table('exchange_rates')} FINAL
     WHERE currency IN {currencies:Array(String)} AND occurred_at <= {until:DateTime64(3, 'UTC')}
     ORDER BY currency, occurred_at, position`,
    { currencies: [...new Set(currencies)], until: clickHouseTimeOf(untilMs) },
  )
  for (const row of rows) {
    const point = { fromMs: Number(row.from_ms), rate: row.rate }
    const timeline = timelines.get(row.currency)
    if (timeline) timeline.push(point)
    else timelines.set(row.currency, [point])
  }
  return timelines
}

/** A span of a currency's timeline whose rate a batch of rates may have changed: [fromMs, toMs). */
export interface RateSpan {
  currency: string
  fromMs: number
  /** The currency's next rate after the span's last recorded one; undefined when none follows. */
  toMs: number | undefined
}

/**
 * The spans of time whose rate these recorded (or taken back) rates decide: from each rate's time until the next rate of
 * its currency, read by key (the currency) from that time on. Rates of one currency whose spans touch are one span.
 */
export async function restatedSpans(clickhouse: ClickHouse, rates: readonly { currency: string; atMs: number }[]): Promise<RateSpan[]> {
  if (rates.length === 0) return []
  const earliest = new Map<string, number>()
  for (const { currency, atMs } of rates) earliest.set(currency, Math.min(atMs, earliest.get(currency) ?? atMs))
  const later = await selectRows<{ currency: string; from_ms: string | number }>(
    clickhouse,
    `SELECT DISTINCT currency, toUnixTimestamp64Milli(occurred_at) AS from_ms
     FROM ${clickhouse.table('exchange_rates')}
     WHERE ${[...earliest.keys()].map((_, index) => `(currency = {c${index}:String} AND occurred_at > {f${index}:DateTime64(3, 'UTC')})`).join(' OR ')}
     ORDER BY currency, from_ms`,
    Object.fromEntries([...earliest].flatMap(([currency, fromMs], index) => [[`c${index}`, currency], [`f${index}`, clickHouseTimeOf(fromMs)]])),
  )
  const timesOf = new Map<string, number[]>()
  for (const row of later) timesOf.set(row.currency, [...(timesOf.get(row.currency) ?? []), Number(row.from_ms)])
  const spans: RateSpan[] = []
  for (const currency of earliest.keys()) {
    const times = timesOf.get(currency) ?? []
    const starts = [...new Set(rates.filter((rate) => rate.currency === currency).map((rate) => rate.atMs))].sort((a, b) => a - b)
    for (const fromMs of starts) {
      const toMs = times.find((time) => time > fromMs)
      const last = spans.at(-1)
      // A span that reaches this rate's time already covers it: extend it to this rate's end.
      if (last && last.currency === currency && (last.toMs === undefined || last.toMs >= fromMs)) {
        if (last.toMs !== undefined) last.toMs = toMs
      } else spans.push({ currency, fromMs, toMs })
    }
  }
  return spans
}
