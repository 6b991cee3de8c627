/**
 * Money is exact. The API gives amounts as JSON numbers in the major unit, exact to the cent (it refuses an answer that
 * would not be): these functions turn each into integer cents (bigint) once, and add and format those, never floats.
 */

/**
 * The amount's cents. toFixed(2) rounds the double's exact binary value to two decimals, which gives back the decimal
 * amount the API meant for every amount below 2^45 (35 trillion), where doubles are closer together than half a cent;
 * no float arithmetic (amount * 100) is involved. Past 1e21, where toFixed writes an exponent, the double is an integer.
 */
export function centsOf(amount: number): bigint {
  if (!Number.isFinite(amount)) throw new Error(`not an amount: ${amount}`)
  if (Math.abs(amount) >= 1e21) return BigInt(amount) * 100n
  const text = amount.toFixed(2)
  const negative = text.startsWith('-')
  const [whole = '0', fraction = '00'] = (negative ? text.slice(1) : text).split('.')
  const cents = BigInt(whole) * 100n + BigInt(fraction)
  return negative ? -cents : cents
}

/** Exact sum of amounts, in cents. */
export function sumCents(amounts: Iterable<number>): bigint {
  let total = 0n
  for (const amount of amounts) total += centsOf(amount)
  return total
}

/** Cents as decimal text in the major unit: 123456n -> "1234.56". */
export function decimalOf(cents: bigint): string {
  const negative = cents < 0n
  const absolute = negative ? -cents : cents
  return `${negative ? '-' : ''}${absolute / 100n}.${String(absolute % 100n).padStart(2, '0')}`
}

const formatters = new Map<string, Intl.NumberFormat>()
function formatterFor(currency: string): Intl.NumberFormat {
  let formatter = formatters.get(currency)
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 })
    formatters.set(currency, formatter)
  }
  return formatter
}

/** Cents in the currency, to the cent: 123456n, 'USD' -> "$1,234.56". Intl formats the decimal text as written. */
export function formatCents(cents: bigint, currency: string): string {
  return formatterFor(currency).format(decimalOf(cents) as Intl.StringNumericLiteral)
}

/** An amount the API gave, to the cent; an em dash for none (null: no cost, no MQLs). */
export function formatMoney(amount: number | null, currency: string): string {
  return amount === null ? '—' : formatCents(centsOf(amount), currency)
}

/** A short label for a chart axis (1.2M, 350k): axes show scale, the tables show the exact figures. */
export function formatCompactMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(amount)
}
