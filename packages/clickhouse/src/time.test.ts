import { describe, expect, it } from 'vitest'
import { toClickHouseTime } from './time.ts'

describe('toClickHouseTime', () => {
  it('renders any offset in UTC with milliseconds', () => {
    expect(toClickHouseTime('2024-01-01T00:00:00-05:00')).toBe('2024-01-01 05:00:00.000')
  })
})
