import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { weighCustom } from './customModel.ts'
import { parseCustomWeights, type CustomWeights } from './customWeights.ts'
import { journeyMilestones, milestonesOfBits } from './journeyMilestones.ts'
import { attributionOptions, deal, touches } from './journeyArbitraries.ts'
import { options, touch, wonDeal } from './journeyFixtures.ts'
import { positionBasedWeights } from './positionBased.ts'

/** Percentages over every position but the MQL, not all zero, scaled to sum to 100. */
const weightsWithoutMql: fc.Arbitrary<CustomWeights> = fc
  .array(fc.nat(100), { minLength: 5, maxLength: 5 })
  .filter((raw) => raw.some((value) => value > 0))
  .map(([ft = 0, lc = 0, oc = 0, cw = 0, middle = 0]) => {
    const total = ft + lc + oc + cw + middle
    const parsed = parseCustomWeights({ FT: (ft * 100) / total, LC: (lc * 100) / total, OC: (oc * 100) / total, CW: (cw * 100) / total, middle: (middle * 100) / total })
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
    return parsed.weights
  })

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

  it('holds everything weighCustom uses: any model without the MQL weighs the kept bits exactly as it weighs the journey', () => {
    fc.assert(
      fc.property(weightsWithoutMql, deal, touches, attributionOptions, (weights, deal, touches, options) => {
        const kept = journeyMilestones(deal, touches, options)
        const bits = weights.CW > 0 ? kept.win : kept.creation
        const weighted = weighCustom(weights, deal, touches, options)

        expect(weighted.map(({ touch }) => touch)).toEqual(kept.touches.slice(0, bits.length))
        if (bits.length === 0) return
        expect(weighted.map(({ weight }) => weight)).toEqual(positionBasedWeights(weights, bits.map(milestonesOfBits)))
      }),
      { numRuns: 300 },
    )
  })
})
