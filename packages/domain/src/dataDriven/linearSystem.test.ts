import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { linearSolver } from './linearSystem.ts'

describe('linearSolver', () => {
  it('Given a system whose first pivot is 0, When solved, Then rows are swapped and the answer is exact', () => {
    //  0x + 2y + 1z = 7
    //  1x + 1y + 1z = 6      -> x = 1, y = 2, z = 3
    //  2x + 1y + 0z = 4
    const solve = linearSolver([
      [0, 2, 1],
      [1, 1, 1],
      [2, 1, 0],
    ])

    expect(solve([7, 6, 4])).toEqual([1, 2, 3])
    // The same factorisation serves another right-hand side: x = 0, y = 0, z = 1
    expect(solve([1, 1, 0])).toEqual([0, 0, 1])
  })

  it('Given a tiny first pivot, When solved, Then partial pivoting keeps the answer accurate', () => {
    // Without the row swap, 1 − 1e20 would swallow the 1 and give x = 0.
    const [x = Number.NaN, y = Number.NaN] = linearSolver([
      [1e-20, 1],
      [1, 1],
    ])([1, 2])

    expect(x).toBeCloseTo(1, 12)
    expect(y).toBeCloseTo(1, 12)
  })

  it('Given a singular matrix, When factorised, Then it is refused', () => {
    expect(() =>
      linearSolver([
        [1, 2],
        [2, 4],
      ]),
    ).toThrow(/singular/)
  })

  it('Given a matrix that is not square, When factorised, Then it is refused', () => {
    expect(() => linearSolver([[1, 2]])).toThrow(RangeError)
  })

  it('Given any diagonally dominant system, When solved, Then A·x reproduces b', () => {
    const system = fc.integer({ min: 1, max: 8 }).chain((n) =>
      fc.tuple(
        fc.array(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }), {
          minLength: n,
          maxLength: n,
        }),
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
      ),
    )
    fc.assert(
      fc.property(system, ([rows, b]) => {
        const a = rows.map((row, i) => row.map((value, j) => (i === j ? value + row.length + 1 : value)))
        const x = linearSolver(a)(b)
        a.forEach((row, i) => {
          const ax = row.reduce((sum, value, j) => sum + value * (x[j] ?? 0), 0)
          expect(ax).toBeCloseTo(b[i] ?? 0, 9)
        })
      }),
    )
  })
})
