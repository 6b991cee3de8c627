import { z } from 'zod'

/**
 * Amounts travel as decimal numbers in the currency's major unit (12.34 dollars) and are summed as integer cents
 * everywhere else, so totals are exact. A decimal string ("12.34") is accepted on the wire too, for producers that keep
 * money out of floating point; it is stored as the equal number.
 */
export function toCents(amount: number | string): number | undefined {
  if (typeof amount === 'number') return numberToCents(amount)
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim())
  if (!match) return undefined
  const [, sign, whole = '', fraction = ''] = match
  if (fraction.replace(/0+$/, '').length > 2) return undefined
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2))
  if (!Number.isSafeInteger(cents)) return undefined
  return sign === '-' ? -cents : cents
}

/**
 * A number is the double nearest the decimal it stands for, so it is a whole number of cents when dividing them by
 * 100 gives the number back: exact however large (98765432109.87, whose double reads 98765432109.8700027...). A sum
 * that drifted by float noise (0.1 + 0.2) is within a ten-thousandth of a cent of a whole cent and counts as it;
 * 12.345 is half a cent off and is refused.
 */
function numberToCents(amount: number): number | undefined {
  const cents = Math.round(amount * 100)
  const exact = cents / 100 === amount || Math.abs(amount * 100 - cents) < 1e-4
  return exact && Number.isSafeInteger(cents) ? cents : undefined
}

/** Integer cents back to a major-unit number for JSON answers. */
export function fromCents(cents: number): number {
  return Math.round(cents) / 100
}

/** A non-negative amount in the major unit with at most two decimals. */
export const amount = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const cents = toCents(value)
  if (cents === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be a decimal amount with at most 2 decimal places' })
    return z.NEVER
  }
  if (cents < 0) {
    ctx.addIssue({ code: 'custom', message: 'must not be negative' })
    return z.NEVER
  }
  return cents / 100
})

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code such as USD')
