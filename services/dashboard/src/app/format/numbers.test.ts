import { describe, expect, it } from 'vitest'
import { formatCount, formatDate, formatRate, formatRoas, modelLabel } from './numbers.ts'

describe('numbers', () => {
  it('writes rates as percentages and absent ones as a dash', () => {
    expect(formatRate(0.4567)).toBe('45.7%')
    expect(formatRate(-0.25)).toBe('-25.0%')
    expect(formatRate(null)).toBe('—')
  })

  it('writes fractional credit with two decimals and whole counts with separators', () => {
    expect(formatCount(2 / 3)).toBe('0.67')
    expect(formatCount(1200)).toBe('1,200')
    expect(formatRoas(3.2)).toBe('3.20×')
  })

  it('shows business time as its UTC date', () => {
    expect(formatDate('2026-01-31T23:30:00.000Z')).toBe('2026-01-31')
  })

  it('names models as people say them, and unknown ones as given', () => {
    expect(modelLabel('w_shaped')).toBe('W-shaped')
    expect(modelLabel('future_model')).toBe('future_model')
  })
})
