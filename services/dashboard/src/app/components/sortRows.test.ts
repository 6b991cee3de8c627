import { describe, expect, it } from 'vitest'
import { nextDirection, sortRows } from './sortRows.ts'

const rows = [
  { name: 'b', roi: 0.5 },
  { name: 'a', roi: null },
  { name: 'c', roi: 2 },
  { name: 'd', roi: 0.5 },
]

describe('sortRows', () => {
  it('orders numbers either way, keeping ties in order and empty values last', () => {
    expect(sortRows(rows, (row) => row.roi, 'desc').map((row) => row.name)).toEqual(['c', 'b', 'd', 'a'])
    expect(sortRows(rows, (row) => row.roi, 'asc').map((row) => row.name)).toEqual(['b', 'd', 'c', 'a'])
  })

  it('orders text alphabetically and leaves the rows given untouched', () => {
    expect(sortRows(rows, (row) => row.name, 'asc').map((row) => row.name)).toEqual(['a', 'b', 'c', 'd'])
    expect(rows[0]?.name).toBe('b')
  })

  it('flips the direction on the sorted column and starts descending on another', () => {
    expect(nextDirection('revenue', 'desc', 'revenue')).toBe('asc')
    expect(nextDirection('revenue', 'asc', 'revenue')).toBe('desc')
    expect(nextDirection('revenue', 'asc', 'cost')).toBe('desc')
  })
})
