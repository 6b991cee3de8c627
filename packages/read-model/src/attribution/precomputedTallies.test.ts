import { describe, expect, it } from 'vitest'
import { windowParts } from './precomputedTallies.ts'

const parts = (from?: string, to?: string) => {
  const { firstWholeDay, endWholeDay, firstWholeMonth, endWholeMonth, partialDays } = windowParts({ from, to })
  return { days: [firstWholeDay, endWholeDay], months: [firstWholeMonth, endWholeMonth], partialDays }
}

describe('windowParts', () => {
  it('reads whole months, the whole days around them and the partial days at the ends', () => {
    expect(parts('2025-01-15T10:00:00Z', '2025-04-03T08:30:00Z')).toEqual({
      days: ['2025-01-16', '2025-04-03'],
      months: ['2025-02-01', '2025-04-01'],
      partialDays: ['2025-01-15', '2025-04-03'],
    })
  })

  it('has no partial days when the window runs from midnight to midnight, and starts a month on its first', () => {
    expect(parts('2025-03-01T00:00:00Z', '2025-06-01T00:00:00Z')).toEqual({
      days: ['2025-03-01', '2025-06-01'],
      months: ['2025-03-01', '2025-06-01'],
      partialDays: [],
    })
  })

  it('reads days only when no whole month fits, with an empty month range at their end', () => {
    expect(parts('2025-03-03T00:00:00Z', '2025-03-20T12:00:00Z')).toEqual({
      days: ['2025-03-03', '2025-03-20'],
      months: ['2025-03-20', '2025-03-20'],
      partialDays: ['2025-03-20'],
    })
  })

  it('reads one partial day for a window inside a day, and nothing whole', () => {
    expect(parts('2025-03-03T09:00:00Z', '2025-03-03T17:00:00Z')).toEqual({
      days: ['2025-03-04', '2025-03-04'],
      months: ['2025-03-04', '2025-03-04'],
      partialDays: ['2025-03-03'],
    })
  })

  it('reads open ends as whole days back to 1900 and on to 2299', () => {
    expect(parts(undefined, '1969-12-31T12:00:00Z')).toEqual({
      days: ['1900-01-01', '1969-12-31'],
      months: ['1900-01-01', '1969-12-01'],
      partialDays: ['1969-12-31'],
    })
  })
})
