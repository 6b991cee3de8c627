import { clickHouseTimeOf, type Row } from '@attribution/clickhouse'
import type { CurrencyConversion } from '@attribution/domain'
import type { DealJourney } from './journeys.ts'

/**
 * The deal_conversions rows (migration 025) of the journeys in another currency than the reporting one, from the very
 * conversions their credit lines are split from: the pipeline always, the revenue while won (a tombstone otherwise).
 * A deal at par has none. Pure, like creditLineRows.
 */
export function dealConversionRows(journeys: readonly DealJourney[], reportingCurrency: string, version: number): Row[] {
  return journeys.filter(inOtherCurrency(reportingCurrency)).flatMap((journey) => [
    conversionRow(journey.dealId, 'created', journey.pipeline, version, false),
    conversionRow(journey.dealId, 'won', journey.revenue, version, journey.deal.wonAt === undefined),
  ])
}

/** The currency_moments rows of the same journeys: each moment a rate was (or is still to be) looked up for. */
export function currencyMomentRows(journeys: readonly DealJourney[], reportingCurrency: string): Row[] {
  return journeys.filter(inOtherCurrency(reportingCurrency)).flatMap((journey) => [
    { currency: journey.currency, at: clickHouseTimeOf(journey.pipeline.atMs), deal_id: journey.dealId },
    ...(journey.deal.wonAt === undefined ? [] : [{ currency: journey.currency, at: clickHouseTimeOf(journey.revenue.atMs), deal_id: journey.dealId }]),
  ])
}

/** A deal whose amounts are converted at rates: neither in the reporting currency nor from before currencies. */
const inOtherCurrency =
  (reportingCurrency: string) =>
  (journey: DealJourney): boolean =>
    journey.currency !== '' && journey.currency !== reportingCurrency

function conversionRow(dealId: string, kind: 'created' | 'won', conversion: CurrencyConversion, version: number, deleted: boolean): Row {
  return {
    deal_id: dealId,
    kind,
    at: clickHouseTimeOf(conversion.atMs),
    currency: conversion.currency,
    original_cents: conversion.originalCents,
    rate: conversion.rate ?? '',
    converted: conversion.cents === undefined ? 0 : 1,
    cents: conversion.cents ?? 0,
    version,
    is_deleted: deleted ? 1 : 0,
  }
}
