import { fromCents, maxExactCents } from '@attribution/contracts'

/** 90,071,992,547,409.91, written from the integer cents: the double nearest it would print ...409.9. */
const largestExact = `${Math.floor(maxExactCents / 100).toLocaleString('en-US')}.${String(maxExactCents % 100).padStart(2, '0')}`

/**
 * An answer holds an amount that JSON cannot carry to the cent. Sums never wrap (they are 128-bit inside ClickHouse),
 * but a JSON number is a double, exact only up to 2^53 cents (90,071,992,547,409.91): rather than answer a figure a
 * few cents off, the question is refused. No real history comes near; a total that large means amounts are wrong.
 */
export class AmountTooLarge extends Error {
  readonly statusCode = 422
  constructor() {
    super(
      `an amount in this answer exceeds ${largestExact}, beyond which it cannot be ` +
        'given to the cent: narrow the window, or look for deals or costs with wrong amounts',
    )
    this.name = 'Unprocessable Entity'
  }
}

/** Integer cents as the major-unit number an answer carries; AmountTooLarge when that number could not be exact. */
export function reportedAmount(cents: number): number {
  if (!(Math.abs(cents) <= maxExactCents)) throw new AmountTooLarge()
  return fromCents(cents)
}
