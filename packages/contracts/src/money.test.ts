import { describe, expect, it } from 'vitest'
import { toCents } from './money.ts'

describe('toCents', () => {
  it('converts major units exactly', () => {
    expect(toCents(0.1 + 0.2)).toBe(30)
    expect(toCents(1000.01)).toBe(100001)
    expect(toCents('19.9')).toBe(1990)
    expect(toCents(12.345)).toBeUndefined()
    expect(toCents('1e3')).toBeUndefined()
  })

  it('reads a large amount given as a number to the cent, as the string it came from reads', () => {
    // The double nearest 98765432109.87 is 98765432109.8700027...: six decimals of it are not two.
    expect(toCents(98_765_432_109.87)).toBe(9_876_543_210_987)
    expect(toCents(Number('98765432109.87'))).toBe(toCents('98765432109.87'))
    expect(toCents(Number.MAX_SAFE_INTEGER)).toBeUndefined()
    expect(toCents(Number.NaN)).toBeUndefined()
  })

  it('forgives float noise relative to the amount, never a fraction of a cent', () => {
    // Ten dimes summed in floating point come to 0.9999999999999999: still a whole number of cents.
    let sum = 0
    for (let index = 0; index < 10; index += 1) sum += 0.1
    expect(sum).not.toBe(1)
    expect(toCents(sum)).toBe(100)
    expect(toCents(19.99 + 5.01 + 0.1 + 0.2)).toBe(2530)
    expect(toCents(0.07 * 3)).toBe(21)
    // Far below a cent is not zero cents, and a tenth of a cent at a hundred billion is not noise.
    expect(toCents(1e-7)).toBeUndefined()
    expect(toCents(-1e-7)).toBeUndefined()
    expect(toCents(100_000_000_000.001)).toBeUndefined()
    expect(toCents(999_999_999_999.995)).toBeUndefined()
    expect(toCents(999_999_999_999.99)).toBe(99_999_999_999_999)
    expect(toCents(0)).toBe(0)
  })
})
