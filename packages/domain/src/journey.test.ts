import { describe, expect, it } from 'vitest'
import { journeyOf, msPerDay } from './journey.ts'
import { createdAt, openDeal, options, touch, wonDeal } from '../testing/journeyFixtures.ts'

const idsOf = (touches: { touchId: string }[]) => touches.map(({ touchId }) => touchId)

describe('journeyOf', () => {
  it('Given touches in any order, When the journey is built, Then it runs by occurredAt and then touchId', () => {
    const touches = [touch('c', 1), touch('b', 5), touch('a', 1), touch('d', 9)]

    expect(idsOf(journeyOf('linear', openDeal, touches, options))).toEqual(['d', 'b', 'a', 'c'])
    expect(idsOf(journeyOf('linear', openDeal, [...touches].reverse(), options))).toEqual(['d', 'b', 'a', 'c'])
  })

  it('Given touches at both edges of the lookback window, When the journey is built, Then both edges are inside', () => {
    const touches = [
      { ...touch('too-early', 365), occurredAt: createdAt - 365 * msPerDay - 1 },
      touch('window-start', 365),
      touch('at-creation', 0),
      { ...touch('too-late', 0), occurredAt: createdAt + 1 },
    ]

    expect(idsOf(journeyOf('w_shaped', wonDeal, touches, options))).toEqual(['window-start', 'at-creation'])
  })

  it('Given a won deal, When the full-path journey is built, Then it runs on to the win, inclusive', () => {
    const wonAt = wonDeal.wonAt ?? 0
    const touches = [
      touch('before-creation', 3),
      touch('after-creation', -10),
      { ...touch('at-win', 0), occurredAt: wonAt },
      { ...touch('after-win', 0), occurredAt: wonAt + 1 },
    ]

    expect(idsOf(journeyOf('full_path', wonDeal, touches, options))).toEqual([
      'before-creation',
      'after-creation',
      'at-win',
    ])
    expect(idsOf(journeyOf('time_decay', wonDeal, touches, options))).toEqual(['before-creation'])
  })

  it('Given an open deal, When the full-path journey is built, Then it ends at the creation', () => {
    const touches = [touch('before-creation', 3), touch('after-creation', -10)]

    expect(idsOf(journeyOf('full_path', openDeal, touches, options))).toEqual(['before-creation'])
  })

  it('Given a shorter lookback, When the journey is built, Then older touches fall out', () => {
    const touches = [touch('old', 31), touch('recent', 30)]

    expect(idsOf(journeyOf('linear', openDeal, touches, { ...options, lookbackDays: 30 }))).toEqual(['recent'])
  })

  it('Given a negative lookback, When the journey is built, Then it is refused', () => {
    expect(() => journeyOf('linear', openDeal, [], { ...options, lookbackDays: -1 })).toThrow(RangeError)
  })
})
