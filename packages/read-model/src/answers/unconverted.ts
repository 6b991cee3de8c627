import { selectRows, type ClickHouse } from '@attribution/clickhouse'
import { reportedAmount } from './reportedAmount.ts'
import { windowParams, type TimeWindow } from './window.ts'

/** What an unconverted amount would have counted as. */
export type UnconvertedMeasure = 'pipeline' | 'revenue' | 'cost'

/**
 * Amounts in one currency that no rate converts yet, summed in their own currency (docs/currencies.md): never summed
 * at par with the reporting currency, never dropped. `count` is the deals (pipeline, revenue) or cost records (cost).
 */
export interface UnconvertedCents {
  currency: string
  measure: UnconvertedMeasure
  cents: number
  count: number
  /** The earliest moment among them that lacks a rate: a rate from then on converts them all. */
  earliestAtMs: number
}

/** As an answer carries it. */
export interface UnconvertedAmount {
  currency: string
  measure: UnconvertedMeasure
  /** In the currency's major unit. */
  amount: number
  count: number
  /** ISO-8601. */
  earliestAt: string
}

/**
 * The pipeline of deals created in the window and the revenue of deals won in it that wait for a rate: read from
 * deal_conversions, which holds only the deals in another currency than the reporting one, as the credits projection
 * last converted them (the same conversion their credit lines were split from).
 */
export async function loadUnconvertedDeals(clickhouse: ClickHouse, window: TimeWindow): Promise<UnconvertedCents[]> {
  const rows = await selectRows<{ kind: 'created' | 'won'; currency: string; cents: string; deals: string | number; earliest_ms: string | number }>(
    clickhouse,
    `SELECT kind, currency, toString(sum(toInt128(original_cents))) AS cents, count() AS deals,
            toUnixTimestamp64Milli(min(at)) AS earliest_ms
     FROM ${clickhouse.table('deal_conversions')} FINAL
     WHERE NOT converted AND at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')}
     GROUP BY kind, currency`,
    windowParams(window),
  )
  return rows.map((row) => ({
    currency: row.currency,
    measure: row.kind === 'created' ? 'pipeline' : 'revenue',
    cents: Number(row.cents),
    count: Number(row.deals),
    earliestAtMs: Number(row.earliest_ms),
  }))
}

const measureOrder: Record<UnconvertedMeasure, number> = { pipeline: 0, revenue: 1, cost: 2 }

/** The list an answer carries: by measure, then currency. */
export function reportedUnconverted(amounts: readonly UnconvertedCents[]): UnconvertedAmount[] {
  return [...amounts]
    .sort((a, b) => measureOrder[a.measure] - measureOrder[b.measure] || (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0))
    .map((amount) => ({
      currency: amount.currency,
      measure: amount.measure,
      amount: reportedAmount(amount.cents),
      count: amount.count,
      earliestAt: new Date(amount.earliestAtMs).toISOString(),
    }))
}
