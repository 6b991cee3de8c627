import { describe, expect, it } from 'vitest'
import { creditDeal, SHARE_SCALE } from './dealCredits.ts'
import { defaultAttributionOptions } from './attributionModel.ts'

const day = 86_400_000
const touch = (touchId: string, daysBefore: number, touchType = 'page_view') => ({
  touchId,
  occurredAt: 100 * day - daysBefore * day,
  campaignId: `c-${touchId}`,
  channel: 'email',
  touchType,
  identified: true,
})

describe('creditDeal', () => {
  it('splits pipeline, revenue and the deal itself with the same weights, each exactly', () => {
    // Given three touches under linear, a deal of 100.00 created and won for 100.01
    const credits = creditDeal('linear', { createdAt: 100 * day, wonAt: 110 * day }, [touch('a', 3), touch('b', 2), touch('c', 1)], { pipelineCents: 10_000, revenueCents: 10_001 }, defaultAttributionOptions)
    // Then 3333.33.. cents each with the spare cents to the earliest touches, and a third of the deal each
    expect(credits.map((credit) => [credit.touchId, credit.pipelineCents, credit.revenueCents, credit.shareParts])).toEqual([
      ['a', 3334, 3334, 333_333_334],
      ['b', 3333, 3334, 333_333_333],
      ['c', 3333, 3333, 333_333_333],
    ])
    expect(credits.reduce((sum, credit) => sum + credit.shareParts, 0)).toBe(SHARE_SCALE)
  })

  it('credits nothing when no touch is in the window', () => {
    expect(creditDeal('w_shaped', { createdAt: 100 * day }, [touch('late', -1)], { pipelineCents: 500, revenueCents: 0 }, defaultAttributionOptions)).toEqual([])
  })
})
