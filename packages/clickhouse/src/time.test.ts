import { describe, expect, it } from 'vitest'
import { clickHouseTimeOf, toClickHouseTime } from './time.ts'

describe('toClickHouseTime', () => {
  it('renders any offset in UTC with milliseconds', () => {
    expect(toClickHouseTime('2024-01-01T00:00:00-05:00')).toBe('2024-01-01 05:00:00.000')
  })

  it('writes epoch milliseconds the same way, and refuses an instant that is none', () => {
    expect(clickHouseTimeOf(Date.UTC(2024, 0, 1, 5, 0, 0, 7))).toBe('2024-01-01 05:00:00.007')
    expect(() => toClickHouseTime('2024-02-30T25:00:00Z')).toThrow(RangeError)
  })
})
