import { z } from 'zod'
import { maxAmountCents } from './bounds.ts'
import { isCurrencyCode } from './currencies.ts'

/**
 * Amounts travel as decimal numbers in the currency's major unit (12.34 dollars) and are summed as integer cents
 * everywhere else, so totals are exact. A decimal string ("12.34") is accepted on the wire too, for producers that keep
 * money out of floating point; it is stored as the equal number.
 */
export function toCents(amount: number | string): number | undefined {
  if (typeof amount === 'number') return numberToCents(amount)
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount)
  if (!match) return undefined
  const [, sign, whole = '', fraction = ''] = match
  if (fraction.replace(/0+$/, '').length > 2) return undefined
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2))
  if (!Number.isSafeInteger(cents)) return undefined
  return sign === '-' ? -cents : cents
}

/**
 * Float noise a whole number of cents may carry, relative to its size: a few units in the last place of a double
 * (0.1 + 0.2 is off by about 1e-16 of itself). Relative, because an absolute tolerance either takes 1e-7 as 0.00 or,
 * at a hundred billion, takes a tenth of a cent as none.
 */
const centNoise = 8 * Number.EPSILON

/**
 * A number is the double nearest the decimal it stands for, so it is a whole number of cents when dividing them by
 * 100 gives the number back: exact however large (98765432109.87, whose double reads 98765432109.8700027...). A sum
 * that drifted by float noise (0.1 + 0.2) is within `centNoise` of a whole cent and counts as it; 12.345 is half a
 * cent off and 1e-7 a hundred-thousandth of one, and both are refused.
 */
function numberToCents(amount: number): number | undefined {
  const scaled = amount * 100
  const cents = Math.round(scaled)
  const exact = cents / 100 === amount || Math.abs(scaled - cents) <= Math.abs(scaled) * centNoise
  return exact && Number.isSafeInteger(cents) ? cents : undefined
}

/** Integer cents back to a major-unit number for JSON answers. */
export function fromCents(cents: number): number {
  return Math.round(cents) / 100
}

const maxAmount = maxAmountCents / 100
const maxAmountText = maxAmount.toLocaleString('en-US', { minimumFractionDigits: 2 })
const tooLarge = `must be at most ${maxAmountText}`
const notCents = 'must be a decimal amount with at most 2 decimal places'

/** A non-negative amount in the major unit with at most two decimals, up to `maxAmountCents`. */
export const amount = z
  .union(
    [
      z.number().min(0, 'must not be negative').max(maxAmount, tooLarge),
      z.string().regex(/^\d+(?:\.\d+)?$/, 'must be a non-negative decimal amount such as "1200.50"'),
    ],
    { error: 'must be a decimal amount: a number, or a decimal string such as "1200.50"' },
  )
  .describe(`in the major unit, with at most 2 decimal places, from 0 to ${maxAmountText}`)
  .transform((value, ctx) => {
    // A decimal string has no size limit of its own: refuse a large one for its size, not for its decimals.
    if (typeof value === 'string' && Number(value) > maxAmount) {
      ctx.addIssue({ code: 'custom', message: tooLarge })
      return z.NEVER
    }
    const cents = toCents(value)
    if (cents === undefined) {
      ctx.addIssue({ code: 'custom', message: notCents })
      return z.NEVER
    }
    return cents / 100
  })

export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code such as USD')
  // Only a well-formed code is looked up, so a malformed one gets one error, not two.
  .refine((code) => !/^[A-Z]{3}$/.test(code) || isCurrencyCode(code), 'must be an ISO 4217 currency code such as USD, EUR or GBP; this one is not known')
  .describe('an ISO 4217 currency code (docs/currencies.md)')

