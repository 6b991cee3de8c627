import { maxAmountCents, minorUnitsOf, rateDecimals } from '@attribution/contracts'

/** One rate of a currency's timeline: from `fromMs` on, until the next point, a unit is worth `rate` reporting units. */
export interface RatePoint {
  fromMs: number
  /** Canonical decimal text with at most ten decimals (`rateText` in the contracts). */
  rate: string
}

const rateScale = 10n ** BigInt(rateDecimals)

/** A rate's decimal text as an integer count of 1e-10 units: exact, where a double is not (1.0856 is 1.08559999...). */
export function scaledRate(rate: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,10}))?$/.exec(rate)
  if (!match) throw new RangeError(`not a rate with at most ${rateDecimals} decimals: ${rate}`)
  return BigInt(match[1] ?? '0') * rateScale + BigInt((match[2] ?? '').padEnd(rateDecimals, '0'))
}

/**
 * `cents` of a currency in cents of the reporting currency, at `rate`: the exact product of the integer cents and the
 * decimal rate, rounded half-up once, to the reporting currency's smallest unit (the cent; the whole unit for one
 * without a minor unit, such as JPY). Undefined when the result exceeds the largest amount the engine sums
 * (`maxAmountCents`): such an amount stays unconverted rather than wrap or lose its cents.
 */
export function convertCents(cents: number, rate: string, reportingCurrency: string): number | undefined {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`cents must be a non-negative safe integer, got ${cents}`)
  const step = 10n ** BigInt(2 - Math.min(2, minorUnitsOf(reportingCurrency) ?? 2))
  const divisor = rateScale * step
  const converted = ((BigInt(cents) * scaledRate(rate) + divisor / 2n) / divisor) * step
  return converted > BigInt(maxAmountCents) ? undefined : Number(converted)
}

/**
 * The rate in effect at `atMs` on a currency's timeline (sorted by time, ties in the order recorded): the last point at
 * or before it, the later of two at the same instant. Undefined before the first.
 */
export function rateInEffect(timeline: readonly RatePoint[], atMs: number): string | undefined {
  let low = 0
  let high = timeline.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((timeline[middle] as RatePoint).fromMs <= atMs) low = middle + 1
    else high = middle
  }
  return low === 0 ? undefined : (timeline[low - 1] as RatePoint).rate
}

/** An amount in its own currency at a moment, and what it is worth in the reporting currency then, if known. */
export interface CurrencyConversion {
  currency: string
  originalCents: number
  atMs: number
  /** The rate applied; '1' in the reporting currency; absent while no rate is in effect. */
  rate?: string
  /** The converted amount; absent while no rate is in effect (or it would exceed the largest amount). */
  cents?: number
}

/**
 * Converts an amount at the rate in effect at its moment. The reporting currency (and an amount recorded before
 * currencies existed, with no currency) is at par; any other currency without a rate then stays unconverted.
 */
export function convertAt(
  amount: { currency: string; originalCents: number; atMs: number },
  reportingCurrency: string,
  timelineOf: (currency: string) => readonly RatePoint[],
): CurrencyConversion {
  if (amount.currency === reportingCurrency || amount.currency === '') {
    return { ...amount, rate: '1', cents: amount.originalCents }
  }
  const rate = rateInEffect(timelineOf(amount.currency), amount.atMs)
  if (rate === undefined) return { ...amount }
  const cents = convertCents(amount.originalCents, rate, reportingCurrency)
  return cents === undefined ? { ...amount } : { ...amount, rate, cents }
}
