import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocateCents } from './allocateCents.ts'
import { weighCustom } from './customModel.ts'
import { parseCustomWeights, parseCustomWeightsQuery, slotNames, type CustomWeights } from './customWeights.ts'
import { amountCents, attributionOptions, deal, touches, touchesAndShuffle } from '../testing/journeyArbitraries.ts'

const numRuns = 200

/** Any percentages over the five slotNames, not all zero, scaled to sum to 100 (so some are fractions of a percent). */
const customWeights: fc.Arbitrary<CustomWeights> = fc
  .array(fc.nat(100), { minLength: slotNames.length, maxLength: slotNames.length })
  .filter((raw) => raw.some((value) => value > 0))
  .map((raw) => {
    const total = raw.reduce((sum, value) => sum + value, 0)
    const percentages = slotNames.map((slot, index) => [slot, ((raw[index] ?? 0) * 100) / total])
    const parsed = parseCustomWeights(Object.fromEntries(percentages))
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
    return parsed.weights
  })

describe('custom model properties', () => {
  it('the weights of a non-empty journey sum to one and split any amount exactly', () => {
    fc.assert(
      fc.property(
        customWeights,
        deal,
        touches,
        attributionOptions,
        amountCents,
        (weights, deal, touches, options, amount) => {
          const weighted = weighCustom(weights, deal, touches, options)
          fc.pre(weighted.length > 0)
          const touchWeights = weighted.map(({ weight }) => weight)

          for (const weight of touchWeights) expect(weight).toBeGreaterThanOrEqual(0)
          expect(touchWeights.reduce((sum, weight) => sum + weight, 0)).toBeCloseTo(1, 9)
          expect(allocateCents(amount, touchWeights).reduce((sum, cents) => sum + cents, 0)).toBe(amount)
        },
      ),
      { numRuns },
    )
  })

  it('the order the touches arrive in changes nothing, even between touches at the same instant', () => {
    fc.assert(
      fc.property(
        customWeights,
        deal,
        touchesAndShuffle,
        attributionOptions,
        (weights, deal, [touches, shuffled], options) => {
          expect(weighCustom(weights, deal, shuffled, options)).toEqual(weighCustom(weights, deal, touches, options))
        },
      ),
      { numRuns },
    )
  })

  it('weights written as a query string read back as the same weights', () => {
    const percent = fc.integer({ min: 0, max: 10_000 }).map((hundredths) => hundredths / 100)
    fc.assert(
      fc.property(fc.array(percent, { minLength: 5, maxLength: 5 }), (given) => {
        const rest = 100 - given.reduce((sum, value) => sum + value, 0)
        fc.pre(rest >= 0)
        const [FT = 0, LC = 0, MQL = 0, OC = 0, CW = 0] = given
        const weights = { FT, LC, MQL, OC, CW, middle: rest }
        const query = slotNames.map((slot) => `${slot.toLowerCase()}:${weights[slot]}`).join(',')

        expect(parseCustomWeightsQuery(query)).toEqual(parseCustomWeights(weights))
      }),
      { numRuns },
    )
  })
})
