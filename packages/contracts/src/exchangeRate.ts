import { z } from 'zod'

/** A rate has at most this many decimals: enough for any published rate, and exact in integer arithmetic. */
export const rateDecimals = 10

/** The largest rate accepted: a unit worth a billion units of the reporting currency is no currency in use. */
export const maxRate = 1_000_000_000

const decimalRate = /^(\d+)(?:\.(\d+))?$/

/**
 * A rate as its canonical decimal text ("1.0856", "150", "0.0000001"), or a reason it is not one. A number is the
 * double nearest the decimal the producer wrote, and its shortest form (`String`) is that decimal; only a tiny rate
 * comes out in exponent form and is written out at `rateDecimals` places, which must give the same number back.
 */
export function rateText(rate: number | string): { text: string } | { problem: string } {
  let text: string
  if (typeof rate === 'number') {
    if (!Number.isFinite(rate)) return { problem: notDecimal }
    text = String(rate)
    if (text.includes('e')) {
      const fixed = rate.toFixed(rateDecimals)
      if (Number(fixed) !== rate) return { problem: tooManyDecimals }
      text = fixed
    }
  } else text = rate
  const match = decimalRate.exec(text)
  if (!match) return { problem: typeof rate === 'number' && rate < 0 ? notPositive : notDecimal }
  const whole = (match[1] ?? '').replace(/^0+(?=\d)/, '')
  const fraction = (match[2] ?? '').replace(/0+$/, '')
  if (fraction.length > rateDecimals) return { problem: tooManyDecimals }
  if (/^0*$/.test(whole + fraction)) return { problem: notPositive }
  if (Number(`${whole}.${fraction || '0'}`) > maxRate) return { problem: tooLarge }
  return { text: fraction === '' ? whole : `${whole}.${fraction}` }
}

const notDecimal = 'must be a positive decimal number, or a decimal string such as "1.0856"'
const notPositive = 'must be greater than 0'
const tooManyDecimals = `must have at most ${rateDecimals} decimal places`
const tooLarge = `must be at most ${maxRate.toLocaleString('en-US')}`

/** What one unit of a currency is worth in the reporting currency; stored as its canonical decimal text. */
export const exchangeRate = z
  .union([z.number(), z.string()], { error: (issue) => (issue.input === undefined ? 'is required' : notDecimal) })
  .describe(`a positive decimal number or decimal string with at most ${rateDecimals} decimal places, up to ${maxRate}`)
  .transform((value, ctx) => {
    const parsed = rateText(value)
    if ('problem' in parsed) {
      ctx.addIssue({ code: 'custom', message: parsed.problem })
      return z.NEVER
    }
    return parsed.text
  })
