import { minorUnitsOf } from './currencies.ts'
import type { EventType } from './events.ts'
import type { FieldError } from './fieldErrors.ts'

/**
 * What the deployment's reporting currency and a currency's minor unit add to the schemas:
 * - a rate for the reporting currency itself is refused: it is 1 by definition, and another figure would be a mistake;
 * - an amount is kept in hundredths of its currency's major unit (cents, the unit every sum is exact in), so a
 *   currency without a minor unit (JPY, KRW) takes whole amounts only: 1200.50 yen names a coin that does not exist.
 *   A currency with three minor units (KWD, BHD) is taken to the hundredth like any other: the schema refuses a third
 *   decimal, and the producer rounds to it (docs/currencies.md).
 */
export function currencyProblems(type: EventType, data: { currency?: string; amount?: number }, reportingCurrency: string): FieldError[] {
  const { currency, amount } = data
  if (currency === undefined) return []
  if (type === 'exchange_rate.recorded' && currency === reportingCurrency) {
    return [{ path: 'data.currency', message: `is the reporting currency ${reportingCurrency}, whose rate is always 1` }]
  }
  if (amount !== undefined && minorUnitsOf(currency) === 0 && !Number.isInteger(amount)) {
    return [{ path: 'data.amount', message: `must be a whole amount: ${currency} has no minor unit` }]
  }
  return []
}
