import { describe, expect, it } from 'vitest'
import { comparePositions, formatPosition, parsePosition } from './position.ts'

describe('positions', () => {
  it('Given two positions, When compared, Then commit decides first and prepare breaks ties', () => {
    expect(comparePositions({ commit: 1n, prepare: 9n }, { commit: 2n, prepare: 1n })).toBeLessThan(0)
    expect(comparePositions({ commit: 2n, prepare: 1n }, { commit: 2n, prepare: 3n })).toBeLessThan(0)
    expect(comparePositions({ commit: 2n, prepare: 3n }, { commit: 2n, prepare: 3n })).toBe(0)
    expect(comparePositions({ commit: 3n, prepare: 0n }, { commit: 2n, prepare: 7n })).toBeGreaterThan(0)
  })

  it('Given a position beyond 2^53, When formatted and parsed back, Then it is unchanged', () => {
    const position = { commit: 2n ** 62n + 1n, prepare: 45n }
    expect(formatPosition(position)).toBe('4611686018427387905/45')
    expect(parsePosition(formatPosition(position))).toEqual(position)
  })

  it('Given text that is not commit/prepare, When parsed, Then it is refused with the expected form', () => {
    for (const text of ['', '12', '12/', '/4', '-1/2', '1/2/3', 'a/b']) {
      expect(() => parsePosition(text)).toThrow(/expected "commit\/prepare"/)
    }
  })
})
