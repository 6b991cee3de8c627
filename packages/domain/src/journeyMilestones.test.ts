import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { weighCustom } from './customModel.ts'
import { parseCustomWeights, type CustomWeights } from './customWeights.ts'
import { journeyMilestones, milestonesOfBits, withMql } from './journeyMilestones.ts'
import { attributionOptions, deal, touches } from '../testing/journeyArbitraries.ts'
import { createdAt, options, touch, wonDeal } from '../testing/journeyFixtures.ts'
import { msPerDay } from './journey.ts'
import { positionBasedWeights } from './positionBased.ts'

/** Percentages over every position, not all zero, scaled to sum to 100. */
const anyWeights: fc.Arbitrary<CustomWeights> = fc
  .array(fc.nat(100), { minLength: 6, maxLength: 6 })
  .filter((raw) => raw.some((value) => value > 0))
  .map(([ft = 0, lc = 0, mql = 0, oc = 0, cw = 0, middle = 0]) => {
    const total = ft + lc + mql + oc + cw + middle
    const percent = (value: number) => (value * 100) / total
    const parsed = parseCustomWeights({ FT: percent(ft), LC: percent(lc), MQL: percent(mql), OC: percent(oc), CW: percent(cw), middle: percent(middle) })
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
    return parsed.weights
  })

/** The deal's MQL moment, if any: around the journey's touches, on one of their whole days now and then. */
const mqlAt = fc.option(
  fc.oneof(
    fc.integer({ min: 0, max: 5 }).map((days) => createdAt - days * msPerDay),
    fc.integer({ min: createdAt - 450 * msPerDay, max: createdAt + 100 * msPerDay }),
  ),
  { nil: undefined },
)

describe('journeyMilestones', () => {
  it('Given a won deal, Then the journey runs to the win, the creation journey is its first touches, and each holds its bits', () => {
    // a: FT; b: the form fill, LC; c: the last touch before creation, OC; d: after creation; e: the last before the win
    const kept = journeyMilestones(wonDeal, [touch('d', -5), touch('b', 14, 'form_fill'), touch('a', 21), touch('c', 7), touch('e', -20), touch('late', -40)], options)

    expect(kept.touches.map(({ touchId }) => touchId)).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(kept.creation.map(milestonesOfBits)).toEqual([['FT'], ['LC'], ['OC']])
    expect(kept.win.map(milestonesOfBits)).toEqual([['FT'], ['LC'], ['OC'], [], ['CW']])
  })

  it('Given no form fill before the creation, Then LC is the first identified touch of each journey, which may differ', () => {
    const kept = journeyMilestones(wonDeal, [touch('a', 21), touch('b', 7), touch('c', -5, 'form_fill')], options)

    expect(kept.creation.map(milestonesOfBits)).toEqual([['FT'], ['OC']])
    expect(kept.win.map(milestonesOfBits)).toEqual([['FT'], ['OC'], ['LC', 'CW']])
  })

  it('Given an MQL moment, Then the MQL goes on the latest touch at or before it, and on none before the first', () => {
    const bits = [1, 2, 4]
    const times = [10, 20, 20]

    expect(withMql(bits, times, 20)).toEqual([1, 2, 4 | 16])
    expect(withMql(bits, times, 19)).toEqual([1 | 16, 2, 4])
    expect(withMql(bits, times, 9)).toEqual(bits)
    expect(withMql(bits, times, undefined)).toEqual(bits)
    // The journey to the creation is the first touches: a touch after it never holds the MQL.
    expect(withMql([1, 2], [10, 20, 30], 30)).toEqual([1, 2 | 16])
  })

  it('holds everything weighCustom uses: any model weighs the kept bits, the MQL placed, exactly as it weighs the journey', () => {
    fc.assert(
      fc.property(anyWeights, deal, mqlAt, touches, attributionOptions, (weights, deal, mqlAt, touches, options) => {
        const dealWithMql = mqlAt === undefined ? deal : { ...deal, mqlAt }
        const kept = journeyMilestones(dealWithMql, touches, options)
        const bits = withMql(weights.CW > 0 ? kept.win : kept.creation, kept.touches.map(({ occurredAt }) => occurredAt), mqlAt)
        const weighted = weighCustom(weights, dealWithMql, touches, options)

        expect(weighted.map(({ touch }) => touch)).toEqual(kept.touches.slice(0, bits.length))
        if (bits.length === 0) return
        expect(weighted.map(({ weight }) => weight)).toEqual(positionBasedWeights(weights, bits.map(milestonesOfBits)))
      }),
      { numRuns: 500 },
    )
  })
})
