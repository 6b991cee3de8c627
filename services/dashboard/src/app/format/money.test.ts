import { describe, expect, it } from 'vitest'
import { centsOf, decimalOf, formatCents, formatMoney, sumCents } from './money.ts'

describe('money', () => {
  it.each([
    [0, 0n],
    [0.1, 10n],
    [0.29, 29n],
    [1.15, 115n],
    [12000.05, 1_200_005n],
    [-0.07, -7n],
    [12_345_678_901_234.56, 1_234_567_890_123_456n],
    [-35_184_372_088_831.99, -3_518_437_208_883_199n],
    [1e21, 100_000_000_000_000_000_000_000n],
  ])('reads %s as %s cents, without float arithmetic (1.15 * 100 is 114.99999999999999)', (amount, cents) => {
    expect(centsOf(amount)).toBe(cents)
  })

  it('sums amounts whose float sum is off by a fraction of a cent, exactly', () => {
    expect(0.1 + 0.2).not.toBe(0.3)
    expect(sumCents([0.1, 0.2])).toBe(30n)
    expect(sumCents([1_234_567.89, 0.01, 0.1, 0.2])).toBe(123_456_820n)
  })

  it('writes cents as decimal text', () => {
    expect(decimalOf(123_456n)).toBe('1234.56')
    expect(decimalOf(-5n)).toBe('-0.05')
    expect(decimalOf(0n)).toBe('0.00')
  })

  it('formats in the reporting currency, to the cent, past the precision of a double', () => {
    expect(formatCents(123_456n, 'USD')).toBe('$1,234.56')
    expect(formatCents(9_007_199_254_740_993n, 'USD')).toBe('$90,071,992,547,409.93')
    expect(formatCents(-1_050n, 'EUR')).toBe('-€10.50')
    expect(formatMoney(0.3, 'USD')).toBe('$0.30')
    expect(formatMoney(null, 'USD')).toBe('—')
  })
})
