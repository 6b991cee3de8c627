export type SortValue = number | string | null
export type Direction = 'asc' | 'desc'

/**
 * Rows ordered by one column, a copy. Empty values (null: no cost, no MQLs) go last in either direction, so sorting
 * by ROI shows campaigns that have one first; ties keep their order.
 */
export function sortRows<T>(rows: readonly T[], value: (row: T) => SortValue, direction: Direction): T[] {
  const sign = direction === 'asc' ? 1 : -1
  return rows
    .map((row, index) => ({ row, index, key: value(row) }))
    .sort((a, b) => {
      if (a.key === null || b.key === null) return a.key === b.key ? a.index - b.index : a.key === null ? 1 : -1
      const order = typeof a.key === 'number' && typeof b.key === 'number' ? a.key - b.key : String(a.key).localeCompare(String(b.key))
      return order === 0 ? a.index - b.index : sign * order
    })
    .map(({ row }) => row)
}

/** The direction a click on a column's header asks for: the other one on the column sorted, else descending. */
export function nextDirection(sortedBy: string, direction: Direction, clicked: string): Direction {
  return sortedBy === clicked && direction === 'desc' ? 'asc' : 'desc'
}
