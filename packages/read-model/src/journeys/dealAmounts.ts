import { convertAt, type CurrencyConversion } from '@attribution/domain'
import type { ClickHouse } from '@attribution/clickhouse'
import { loadRateTimelines } from '../facts/exchangeRates.ts'

/** A deal's amounts as the deals view holds them: in its own currency. */
export interface DealAmountsInCurrency {
  currency: string
  amountCents: number
  wonAmountCents: number
  createdAt: number
  wonAt?: number
}

/**
 * What a deal counts for in the reporting currency: its pipeline (its current amount at the rate in effect when it was
 * created) and its revenue (the won amount at the rate in effect when it was won; while open, the current amount at
 * the creation, which nothing sums). A conversion without `cents` has no rate in effect yet.
 */
export interface DealAmounts {
  pipeline: CurrencyConversion
  revenue: CurrencyConversion
}

/**
 * Converts the amounts of these deals (docs/currencies.md), reading only the timelines of the currencies they are in
 * other than the reporting one, up to the latest moment among them.
 */
export async function convertDealAmounts(
  clickhouse: ClickHouse,
  deals: readonly DealAmountsInCurrency[],
  reportingCurrency: string,
): Promise<DealAmounts[]> {
  const foreign = deals.filter((deal) => deal.currency !== '' && deal.currency !== reportingCurrency)
  const untilMs = foreign.reduce((latest, deal) => Math.max(latest, deal.createdAt, deal.wonAt ?? 0), 0)
  const timelines = await loadRateTimelines(clickhouse, foreign.map((deal) => deal.currency), untilMs)
  const timelineOf = (currency: string) => timelines.get(currency) ?? []
  return deals.map((deal) => ({
    pipeline: convertAt({ currency: deal.currency, originalCents: deal.amountCents, atMs: deal.createdAt }, reportingCurrency, timelineOf),
    revenue: convertAt(
      { currency: deal.currency, originalCents: deal.wonAmountCents, atMs: deal.wonAt ?? deal.createdAt },
      reportingCurrency,
      timelineOf,
    ),
  }))
}
