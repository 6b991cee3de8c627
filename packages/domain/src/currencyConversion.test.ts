import { describe, expect, it } from 'vitest'
import { convertAt, convertCents, rateInEffect, scaledRate, type RatePoint } from './currencyConversion.ts'

describe('convertCents', () => {
  it('multiplies integer cents by the decimal rate exactly and rounds half-up once, to the cent', () => {
    // 1000.00 EUR at 1.0856 = 1085.60 USD.
    expect(convertCents(100_000, '1.0856', 'USD')).toBe(108_560)
    // 0.05 at 1.1 = 0.055: exactly half a cent, up to 0.06 (a double holds 5.5000000000000005 or 5.4999...).
    expect(convertCents(5, '1.1', 'USD')).toBe(6)
    // 0.05 at 1.0999999999 = 0.054999999995: just under half a cent, down.
    expect(convertCents(5, '1.0999999999', 'USD')).toBe(5)
    // 1234.57 at 0.0000000001 (the smallest rate) is 0.0000123457 cents: nothing.
    expect(convertCents(123_457, '0.0000000001', 'USD')).toBe(0)
    // Ten decimals of rate on a large amount: 99,999,999,999.99 at 1.2345678901 = 123,456,789,009.987654... -> .99.
    expect(convertCents(9_999_999_999_999, '1.2345678901', 'USD')).toBe(12_345_678_900_999)
    // 999,999,999,999.99 at 1.2345678901 is more than the largest amount the engine sums: not converted.
    expect(convertCents(99_999_999_999_999, '1.2345678901', 'USD')).toBeUndefined()
  })

  it('converts cents that floating point would get wrong', () => {
    // 0.50 at 1.15 is 0.575 exactly, half a cent, so 0.58; in doubles 50 * 1.15 is 57.49999999999999 and rounds to 57.
    expect(Math.round(50 * 1.15)).toBe(57)
    expect(convertCents(50, '1.15', 'USD')).toBe(58)
    // 1.00 at 1.005 = 1.005: 1.01 (doubles: 100.49999999999999, 1.00).
    expect(convertCents(100, '1.005', 'USD')).toBe(101)
    // 12,345,678.91 at 1.0856: 13,402,469.0247... = 13,402,469.02.
    expect(convertCents(1_234_567_891, '1.0856', 'USD')).toBe(1_340_246_902)
  })

  it('rounds to the whole unit when the reporting currency has no minor unit, and to the cent beyond two', () => {
    // 1000.00 USD at 149.505 JPY = 149,505 JPY; 10.01 USD = 1496.54505 JPY -> 1497 yen, kept as 149,700 cents.
    expect(convertCents(100_000, '149.505', 'JPY')).toBe(14_950_500)
    expect(convertCents(1_001, '149.505', 'JPY')).toBe(149_700)
    // KWD reports to the hundredth like every currency (docs/currencies.md): 100.00 USD at 0.30705 = 30.705 -> 30.71.
    expect(convertCents(10_000, '0.30705', 'KWD')).toBe(3_071)
  })

  it('reads a rate as an exact integer of 1e-10 units', () => {
    expect(scaledRate('1.0856')).toBe(10_856_000_000n)
    expect(scaledRate('150')).toBe(1_500_000_000_000n)
    expect(scaledRate('0.0000000001')).toBe(1n)
    expect(() => scaledRate('1.00000000001')).toThrow(RangeError)
  })
})

describe('rateInEffect', () => {
  const timeline: RatePoint[] = [
    { fromMs: 100, rate: '1.1' },
    { fromMs: 200, rate: '1.2' },
    { fromMs: 200, rate: '1.25' },
    { fromMs: 300, rate: '1.3' },
  ]

  it('is the last rate at or before the moment, the later of two at the same instant, and none before the first', () => {
    expect(rateInEffect(timeline, 99)).toBeUndefined()
    expect(rateInEffect(timeline, 100)).toBe('1.1')
    expect(rateInEffect(timeline, 199)).toBe('1.1')
    expect(rateInEffect(timeline, 200)).toBe('1.25')
    expect(rateInEffect(timeline, 10_000)).toBe('1.3')
    expect(rateInEffect([], 10_000)).toBeUndefined()
  })
})

describe('convertAt', () => {
  const timelines: Record<string, RatePoint[]> = { EUR: [{ fromMs: 1_000, rate: '1.1' }] }
  const timelineOf = (currency: string) => timelines[currency] ?? []

  it('keeps the reporting currency at par, converts another at its rate, and leaves one without a rate unconverted', () => {
    expect(convertAt({ currency: 'USD', originalCents: 1_234, atMs: 0 }, 'USD', timelineOf)).toEqual({
      currency: 'USD',
      originalCents: 1_234,
      atMs: 0,
      rate: '1',
      cents: 1_234,
    })
    expect(convertAt({ currency: 'EUR', originalCents: 1_000, atMs: 1_000 }, 'USD', timelineOf)).toMatchObject({ rate: '1.1', cents: 1_100 })
    const early = convertAt({ currency: 'EUR', originalCents: 1_000, atMs: 999 }, 'USD', timelineOf)
    expect(early).toEqual({ currency: 'EUR', originalCents: 1_000, atMs: 999 })
    expect(convertAt({ currency: 'GBP', originalCents: 1_000, atMs: 5_000 }, 'USD', timelineOf).cents).toBeUndefined()
  })
})
