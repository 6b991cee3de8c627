import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocateCents } from './allocateCents.ts'

describe('allocateCents', () => {
  it('Given weights that divide the amount, When it is split, Then each gets its exact share', () => {
    expect(allocateCents(1000, [0.5, 0.3, 0.2])).toEqual([500, 300, 200])
  })

  it('Given a leftover cent, When it is split, Then it goes to the largest fractional part', () => {
    // 1.4 / 4.6 / 4.0 -> floors 1 + 4 + 4 = 9, the tenth cent to the .6
    expect(allocateCents(10, [0.14, 0.46, 0.4])).toEqual([1, 5, 4])
  })

  it('Given equal fractional parts, When it is split, Then the leftover cents go to the earlier indexes', () => {
    // 33.33 each -> floors 99, the 100th cent to index 0
    expect(allocateCents(100, [1 / 3, 1 / 3, 1 / 3])).toEqual([34, 33, 33])
    // 0.5 each -> the one cent to index 0
    expect(allocateCents(1, [0.5, 0.5])).toEqual([1, 0])
    // 0.25 each -> floors 0, the three cents to indexes 0, 1, 2
    expect(allocateCents(3, [1, 1, 1, 1])).toEqual([1, 1, 1, 0])
  })

  it('Given weights that do not sum to 1, When it is split, Then they count relative to their sum', () => {
    // 16.67 / 33.33 / 50 -> floors 16 + 33 + 50 = 99, the last cent to the .67
    expect(allocateCents(100, [1, 2, 3])).toEqual([17, 33, 50])
  })

  it('Given the largest safe amount, When it is split in thirds, Then nothing is lost to floating point', () => {
    // 9007199254740991 / 3 = 3002399751580330.33...
    expect(allocateCents(Number.MAX_SAFE_INTEGER, [1 / 3, 1 / 3, 1 / 3])).toEqual([
      3002399751580331, 3002399751580330, 3002399751580330,
    ])
  })

  it('Given a zero amount, When it is split, Then everyone gets zero, whatever the weights', () => {
    expect(allocateCents(0, [0.7, 0.3])).toEqual([0, 0])
    expect(allocateCents(0, [0, 0])).toEqual([0, 0])
    expect(allocateCents(0, [])).toEqual([])
  })

  it.each([1.5, -1, Number.MAX_SAFE_INTEGER + 1, Number.NaN, Number.POSITIVE_INFINITY])(
    'Given the amount %s, When it is split, Then it is refused',
    (amount) => {
      expect(() => allocateCents(amount, [1])).toThrow(RangeError)
    },
  )

  it.each([[[]], [[0, 0]], [[0.5, -0.5]], [[Number.NaN]]])(
    'Given the weights %j, When a positive amount is split, Then it is refused',
    (weights) => {
      expect(() => allocateCents(100, weights)).toThrow(RangeError)
    },
  )

  it('Property: the parts sum to the amount and each is within a cent of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 10 }),
        (amount, weights) => {
          fc.pre(weights.some((weight) => weight > 1e-6))
          const cents = allocateCents(amount, weights)
          const weightSum = weights.reduce((sum, weight) => sum + weight, 0)

          expect(cents.reduce((sum, part) => sum + part, 0)).toBe(amount)
          cents.forEach((part, index) => {
            expect(Number.isSafeInteger(part) && part >= 0).toBe(true)
            // The slack beyond 1 covers weights being resolved to 1e-9 of their sum before the exact split.
            expect(Math.abs(part - (amount * (weights[index] ?? 0)) / weightSum)).toBeLessThan(1.1)
          })
        },
      ),
      { numRuns: 200 },
    )
  })
})
